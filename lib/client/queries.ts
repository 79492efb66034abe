// react-query keys and hooks over the JSON-RPC API.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodName, Params, ParamsArgs } from '../shared/api';
import { rpc } from './rpc';
import { isLiveRun } from '../shared/events';

export const queryKeys = {
  systemInfo: ['system.info'] as const,
  catalog: ['catalog.list'] as const,
  apps: ['apps.list'] as const,
  app: (name: string) => ['apps.get', name] as const,
  runs: (name?: string) => ['runs.list', name ?? null] as const,
  run: (runId: string) => ['runs.get', runId] as const,
  terminals: ['terminals.list'] as const,
};

export function useSystemInfo() {
  return useQuery({
    queryKey: queryKeys.systemInfo,
    queryFn: () => rpc('system.info'),
    staleTime: 30_000,
  });
}

export function useCatalog() {
  return useQuery({
    queryKey: queryKeys.catalog,
    queryFn: () => rpc('catalog.list'),
    staleTime: 60_000,
  });
}

export function useApps() {
  return useQuery({ queryKey: queryKeys.apps, queryFn: () => rpc('apps.list') });
}

export function useApp(name: string) {
  return useQuery({
    queryKey: queryKeys.app(name),
    queryFn: () => rpc('apps.get', { name }),
  });
}

export function useRun(runId: string | null) {
  return useQuery({
    queryKey: queryKeys.run(runId ?? ''),
    queryFn: () => rpc('runs.get', { runId: runId ?? '' }),
    enabled: Boolean(runId),
    // Events keep it current; a slow poll while it is active repairs an event that raced the first fetch.
    refetchInterval: (query) => (isLiveRun(query.state.data?.status ?? 'queued') ? 3000 : false),
  });
}

export function useTerminals() {
  return useQuery({
    queryKey: queryKeys.terminals,
    queryFn: () => rpc('terminals.list'),
  });
}

/** Methods whose params name an app. */
type AppActionMethod = {
  [M in MethodName]: 'name' extends keyof Params<M>
    ? Params<M> extends { name?: string }
      ? M
      : never
    : never;
}[MethodName];

/** A mutation over one RPC method that refreshes the app list and the named app when done. */
export function useAppAction<M extends AppActionMethod>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (params: Params<M>) => rpc<M>(method, ...([params] as ParamsArgs<M>)),
    onSettled: (_data, _error, params) => {
      void client.invalidateQueries({ queryKey: queryKeys.apps });
      if (typeof params.name === 'string')
        void client.invalidateQueries({ queryKey: queryKeys.app(params.name) });
    },
  });
}
