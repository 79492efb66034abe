// react-query keys and hooks over the JSON-RPC API.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppDetail, AppSummary } from '../shared/app';
import type { SystemInfo } from '../shared/system';
import { rpc } from './rpc';
import type { CatalogItem, RunInfo, TerminalInfo } from './types';

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
    queryFn: () => rpc<SystemInfo>('system.info'),
    staleTime: 30_000,
  });
}

export function useCatalog() {
  return useQuery({
    queryKey: queryKeys.catalog,
    queryFn: () => rpc<CatalogItem[]>('catalog.list'),
    staleTime: 60_000,
  });
}

export function useApps() {
  return useQuery({ queryKey: queryKeys.apps, queryFn: () => rpc<AppSummary[]>('apps.list') });
}

export function useApp(name: string) {
  return useQuery({
    queryKey: queryKeys.app(name),
    queryFn: () => rpc<AppDetail>('apps.get', { name }),
  });
}

export function useRun(runId: string | null) {
  return useQuery({
    queryKey: queryKeys.run(runId ?? ''),
    queryFn: () => rpc<RunInfo>('runs.get', { runId }),
    enabled: Boolean(runId),
  });
}

export function useTerminals() {
  return useQuery({
    queryKey: queryKeys.terminals,
    queryFn: () => rpc<TerminalInfo[]>('terminals.list'),
  });
}

/** A mutation over one RPC method that refreshes the app list and the named app when done. */
export function useAppAction<P extends Record<string, unknown>, R = unknown>(method: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (params: P) => rpc<R>(method, params),
    onSettled: (_data, _error, params) => {
      void client.invalidateQueries({ queryKey: queryKeys.apps });
      if (typeof params.name === 'string')
        void client.invalidateQueries({ queryKey: queryKeys.app(params.name) });
    },
  });
}
