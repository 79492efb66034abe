// react-query hooks for the Models page: the library, import jobs (kept live by models:import), delete, imports.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ModelsImportEvent } from '../shared/events';
import { rpc } from './rpc';
import { getSocket } from './socket';

export const modelsKeys = {
  library: ['models.list'] as const,
  imports: ['models.imports'] as const,
};

export function useLibrary() {
  return useQuery({ queryKey: modelsKeys.library, queryFn: () => rpc('models.list') });
}

/** Import jobs; each models:import event refetches them, and a finished job refreshes the library. */
export function useImportJobs() {
  const client = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const onImport = (event: ModelsImportEvent) => {
      void client.invalidateQueries({ queryKey: modelsKeys.imports });
      if (event.state === 'done' || event.state === 'failed')
        void client.invalidateQueries({ queryKey: modelsKeys.library });
    };
    socket.on('models:import', onImport);
    return () => {
      socket.off('models:import', onImport);
    };
  }, [client]);
  return useQuery({ queryKey: modelsKeys.imports, queryFn: () => rpc('models.imports', {}) });
}

export function useDeleteModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => rpc('models.delete', { id }),
    onSuccess: () => void client.invalidateQueries({ queryKey: modelsKeys.library }),
  });
}

export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, pinokio }: { path: string; pinokio: boolean }) =>
      pinokio ? rpc('models.importPinokio', { path }) : rpc('models.import', { path }),
    onSuccess: () => void client.invalidateQueries({ queryKey: modelsKeys.imports }),
  });
}

export function usePinokioHome() {
  return useMutation({ mutationFn: (path: string) => rpc('models.pinokio', { path }) });
}

/** Takes the model files an app downloaded into its own folder into the drive by hash. */
export function useAdoptAppModels() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (app: string) => rpc('models.adopt', { app }),
    onSuccess: () => void client.invalidateQueries({ queryKey: modelsKeys.library }),
  });
}
