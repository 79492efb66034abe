'use client';
// Patches the react-query cache from Socket.IO broadcasts (app:status, app:job, run:*), so pages update without reloads.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AppDetail, AppSummary } from '../shared/app';
import type {
  AppJobEvent,
  AppStatusEvent,
  RunHtmlModalEvent,
  RunInputEvent,
  RunShellInputEvent,
  RunStatusEvent,
  RunStepEvent,
} from '../shared/events';
import { queryKeys } from './queries';
import { getSocket } from './socket';
import type { RunInfo } from './types';

function patchApp(client: QueryClient, event: AppStatusEvent): void {
  const patch = <T extends AppSummary>(app: T): T => ({
    ...app,
    state: event.state,
    ...(event.url !== undefined ? { url: event.url } : {}),
    ...(event.port !== undefined ? { port: event.port } : {}),
    ...(event.error !== undefined ? { error: event.error } : {}),
  });
  const list = client.getQueryData<AppSummary[]>(queryKeys.apps);
  if (list && list.some((a) => a.name === event.name))
    client.setQueryData(
      queryKeys.apps,
      list.map((a) => (a.name === event.name ? patch(a) : a)),
    );
  // The state shows at once; the rest of the summary comes fresh. An app listed while its files were being fetched
  // had no launcher to read yet (its name stood for its title, no icon), and an update changes its commit.
  void client.invalidateQueries({ queryKey: queryKeys.apps });
  const detail = client.getQueryData<AppDetail>(queryKeys.app(event.name));
  if (detail) client.setQueryData(queryKeys.app(event.name), patch(detail));
  // The menu depends on the state: fetch it again.
  void client.invalidateQueries({ queryKey: queryKeys.app(event.name) });
}

/** A cluster job's new state: only the `job` field of the app changes. */
function patchJob(client: QueryClient, event: AppJobEvent): void {
  const list = client.getQueryData<AppSummary[]>(queryKeys.apps);
  if (list && list.some((a) => a.name === event.name))
    client.setQueryData(
      queryKeys.apps,
      list.map((a) => (a.name === event.name ? { ...a, job: event.job } : a)),
    );
  const detail = client.getQueryData<AppDetail>(queryKeys.app(event.name));
  if (detail) client.setQueryData(queryKeys.app(event.name), { ...detail, job: event.job });
}

function patchRun(client: QueryClient, runId: string, change: (run: RunInfo) => RunInfo): void {
  const run = client.getQueryData<RunInfo>(queryKeys.run(runId));
  if (run) client.setQueryData(queryKeys.run(runId), change(run));
  else void client.invalidateQueries({ queryKey: queryKeys.run(runId) });
}

export function subscribeLiveEvents(client: QueryClient): () => void {
  const socket = getSocket();
  const onApp = (event: AppStatusEvent) => patchApp(client, event);
  const onJob = (event: AppJobEvent) => patchJob(client, event);
  const onStatus = (event: RunStatusEvent) => {
    // A runs.get already in flight answers with the status from before this event; refetch so it cannot land last.
    const inFlight = client.isFetching({ queryKey: queryKeys.run(event.runId) }) > 0;
    patchRun(client, event.runId, (run) => ({
      ...run,
      status: event.status,
      error: event.error ?? run.error,
      pendingInput: event.status === 'waiting' ? run.pendingInput : null,
    }));
    if (inFlight) void client.invalidateQueries({ queryKey: queryKeys.run(event.runId) });
    if (event.app) {
      void client.invalidateQueries({ queryKey: queryKeys.app(event.app) });
      // A script's run starting, waiting or ending changes what the app's card says it is doing.
      void client.invalidateQueries({ queryKey: queryKeys.apps });
    }
  };
  const onStep = (event: RunStepEvent) =>
    patchRun(client, event.runId, (run) => ({
      ...run,
      step: {
        index: event.index,
        total: event.total,
        method: event.method,
        title: event.title,
        id: event.id,
      },
    }));
  const onInput = (event: RunInputEvent) =>
    patchRun(client, event.runId, (run) => ({ ...run, status: 'waiting', pendingInput: event }));
  const onHtmlModal = (event: RunHtmlModalEvent) =>
    patchRun(client, event.runId, (run) => ({ ...run, htmlmodal: event.modal }));
  const onShellInput = (event: RunShellInputEvent) =>
    patchRun(client, event.runId, (run) => ({ ...run, shellInput: event.open }));
  const onReconnect = () => void client.invalidateQueries();
  socket.on('app:status', onApp);
  socket.on('app:job', onJob);
  socket.on('run:status', onStatus);
  socket.on('run:step', onStep);
  socket.on('run:input', onInput);
  socket.on('run:htmlmodal', onHtmlModal);
  socket.on('run:shell-input', onShellInput);
  socket.io.on('reconnect', onReconnect);
  return () => {
    socket.off('app:status', onApp);
    socket.off('app:job', onJob);
    socket.off('run:status', onStatus);
    socket.off('run:step', onStep);
    socket.off('run:input', onInput);
    socket.off('run:htmlmodal', onHtmlModal);
    socket.off('run:shell-input', onShellInput);
    socket.io.off('reconnect', onReconnect);
  };
}

export function useLiveEvents(): void {
  const client = useQueryClient();
  useEffect(() => subscribeLiveEvents(client), [client]);
}
