// react-query keys and hooks over the JSON-RPC API.
import { useQuery } from '@tanstack/react-query';
import type { SystemInfo } from '../shared/system';
import { rpc } from './rpc';

export const queryKeys = {
  systemInfo: ['system.info'] as const,
};

export function useSystemInfo() {
  return useQuery({ queryKey: queryKeys.systemInfo, queryFn: () => rpc<SystemInfo>('system.info'), staleTime: 30_000 });
}
