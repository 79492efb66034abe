// react-query hooks for the Settings page: settings, access, tools, the doctor report and the cluster.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SettingsPatch } from '../shared/config';
import { rpc } from './rpc';

export const settingsKeys = {
  settings: ['settings.get'] as const,
  auth: ['auth.status'] as const,
  tools: ['system.tools'] as const,
  doctor: ['system.doctor'] as const,
  cluster: ['cluster.status'] as const,
};

export function useSettings() {
  return useQuery({
    queryKey: settingsKeys.settings,
    queryFn: () => rpc('settings.get'),
  });
}

export function useSetSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => rpc('settings.set', patch),
    onSuccess: (settings) => client.setQueryData(settingsKeys.settings, settings),
  });
}

export function useAuthStatus() {
  return useQuery({ queryKey: settingsKeys.auth, queryFn: () => rpc('auth.status') });
}

export function useSetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (params: { password: string; currentPassword?: string }) =>
      rpc('auth.setPassword', params),
    onSuccess: () => void client.invalidateQueries({ queryKey: settingsKeys.auth }),
  });
}

export function useTools() {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: settingsKeys.tools,
    queryFn: () => rpc('system.tools'),
    staleTime: 60_000,
  });
  const refresh = useMutation({
    mutationFn: () => rpc('system.tools', { refresh: true }),
    onSuccess: (tools) => client.setQueryData(settingsKeys.tools, tools),
  });
  return { ...query, refresh };
}

export function useDoctor() {
  return useQuery({
    queryKey: settingsKeys.doctor,
    queryFn: () => rpc('system.doctor'),
    staleTime: 30_000,
  });
}

export function useDiagnosticsBundle() {
  return useMutation({
    mutationFn: (app?: string) => rpc('system.diagnostics', app ? { app } : {}),
  });
}

/** The Slurm cluster of runners.slurm (Settings' Cluster panel, the launch options' "Runs on"). */
export function useClusterStatus() {
  return useQuery({
    queryKey: settingsKeys.cluster,
    queryFn: () => rpc('cluster.status'),
    staleTime: 15_000,
  });
}
