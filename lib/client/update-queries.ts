// The update check's results (apps.updates), kept current by app:updates events.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UpdateCheck } from '../shared/updates';
import { rpc } from './rpc';
import { getSocket } from './socket';

const updatesKey = ['apps.updates'] as const;

/** The last check of one app, or undefined before any. */
export function useUpdateCheck(name: string): UpdateCheck | undefined {
  const client = useQueryClient();
  const { data } = useQuery({ queryKey: updatesKey, queryFn: () => rpc('apps.updates', {}) });
  useEffect(() => {
    const socket = getSocket();
    const onCheck = (check: UpdateCheck) =>
      client.setQueryData<UpdateCheck[]>(updatesKey, (all) => [
        ...(all ?? []).filter((c) => c.name !== check.name),
        check,
      ]);
    socket.on('app:updates', onCheck);
    return () => {
      socket.off('app:updates', onCheck);
    };
  }, [client]);
  return data?.find((c) => c.name === name);
}
