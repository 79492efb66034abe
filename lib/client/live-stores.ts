'use client';
// Small client stores fed by socket broadcasts: notify toasts, downloads and web-open requests.
import { useEffect, useSyncExternalStore } from 'react';
import type { DownloadRecordInfo } from '../shared/downloads';
import type { DownloadProgressEvent, NotifyEvent, WebOpenEvent } from '../shared/events';
import { getSocket } from './socket';

class Store<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();
  constructor(initial: T) {
    this.value = initial;
  }
  get = (): T => this.value;
  set(next: T): void {
    this.value = next;
    for (const listener of this.listeners) listener();
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export interface Toast extends NotifyEvent {
  key: number;
}

export const toasts = new Store<Toast[]>([]);
export const downloads = new Store<DownloadProgressEvent[]>([]);
let toastKey = 0;

const MAX_TOASTS = 5;

/** Adds a toast at the end; one identical to it already shown (html, href and type) is taken out, not stacked. */
export function pushToast(toast: NotifyEvent): void {
  const others = toasts
    .get()
    .filter((t) => t.html !== toast.html || t.href !== toast.href || t.type !== toast.type);
  toasts.set([...others, { ...toast, key: ++toastKey }].slice(-MAX_TOASTS));
}

export function dismissToast(key: number): void {
  toasts.set(toasts.get().filter((t) => t.key !== key));
}

const UNFINISHED = new Set(['queued', 'downloading', 'paused', 'verifying']);
const MOVING = new Set(['queued', 'downloading', 'verifying']);
const DAY_MS = 24 * 3600 * 1000;

export function clearFinishedDownloads(): void {
  downloads.set(downloads.get().filter((d) => UNFINISHED.has(d.state)));
}

/** The downloads as the page shows them now. */
export function currentDownloads(): readonly DownloadProgressEvent[] {
  return downloads.get();
}

/**
 * Adds the server's queue as it stood when the page loaded (a paused download survives a restart of Hangar):
 * the unfinished downloads and the failures of the last day, under the events already received; read again later, it
 * also corrects a download whose stopping event was lost.
 */
export function seedDownloads(
  records: DownloadRecordInfo[],
  now = Date.now(),
  asked: readonly DownloadProgressEvent[] = [],
): void {
  const current = downloads.get();
  const known = new Map(current.map((d) => [d.id, d]));
  // A download shown as moving that the server has seen stop (its event lost) takes the server's word, unless an
  // event changed it after the question was asked (`asked`: the list as it stood then).
  const stale = new Map(
    records
      .filter((r) => {
        const shown = known.get(r.id);
        return (
          shown !== undefined &&
          asked.includes(shown) &&
          MOVING.has(shown.state) &&
          !MOVING.has(r.state)
        );
      })
      .map((r) => [r.id, asEvent(r)]),
  );
  const wanted = records.filter(
    (r) =>
      !known.has(r.id) &&
      (UNFINISHED.has(r.state) || (r.state === 'failed' && now - (r.finishedAt ?? 0) < DAY_MS)),
  );
  if (wanted.length === 0 && stale.size === 0) return;
  downloads.set([...wanted.map(asEvent), ...current.map((d) => stale.get(d.id) ?? d)]);
}

function asEvent(r: DownloadRecordInfo): DownloadProgressEvent {
  return {
    id: r.id,
    url: r.url,
    dest: r.dest,
    bytes: r.bytes,
    total: r.total,
    rate: 0,
    etaSec: null,
    state: r.state,
    error: r.error?.message,
    ...(r.error?.status !== undefined ? { httpStatus: r.error.status } : {}),
    ...(r.runId ? { runId: r.runId } : {}),
  };
}

/** Subscribes the stores to the socket once, for the life of the page. */
export function useLiveStores(): void {
  useEffect(() => {
    const socket = getSocket();
    const onNotify = (event: NotifyEvent) => pushToast(event);
    const onDownload = (event: DownloadProgressEvent) => {
      const list = downloads.get();
      const index = list.findIndex((d) => d.id === event.id);
      downloads.set(index < 0 ? [...list, event] : list.map((d, i) => (i === index ? event : d)));
    };
    const onWebOpen = (event: WebOpenEvent) =>
      pushToast({
        runId: event.runId,
        html: `Opened <a href="${encodeURI(event.uri)}">${event.uri.replace(/[<>&"]/g, '')}</a>`,
        type: 'info',
      });
    socket.on('run:notify', onNotify);
    socket.on('download:progress', onDownload);
    socket.on('run:web-open', onWebOpen);
    return () => {
      socket.off('run:notify', onNotify);
      socket.off('download:progress', onDownload);
      socket.off('run:web-open', onWebOpen);
    };
  }, []);
}

const NO_TOASTS: Toast[] = [];
export function useToasts(): Toast[] {
  return useSyncExternalStore(toasts.subscribe, toasts.get, () => NO_TOASTS);
}

const NO_DOWNLOADS: DownloadProgressEvent[] = [];
export function useDownloads(): DownloadProgressEvent[] {
  return useSyncExternalStore(downloads.subscribe, downloads.get, () => NO_DOWNLOADS);
}
