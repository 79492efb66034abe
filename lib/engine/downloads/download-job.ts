// What the queue keeps per download: the running job (and why it was stopped) and the outcome its callers
// await, which spans pauses and settles once the download ends.
import { randomUUID } from 'node:crypto';
import type { DownloadProgressEvent } from '../../shared/events';
import type { DownloadRecord, DownloadRequest } from './types';

export interface DownloadResult extends DownloadRecord {
  skipped: boolean;
  resumedFrom: number;
}

/** Why a job was aborted on request; none for a shutdown. */
export type Stop = 'pause' | 'cancel' | 'cancel-keep';

export interface Job {
  controller: AbortController;
  stop?: Stop;
  /** Settles when the transfer has stopped and its state is recorded. */
  ended: Promise<void>;
}

export interface Waiter {
  promise: Promise<DownloadResult>;
  resolve: (result: DownloadResult) => void;
  reject: (error: unknown) => void;
}

export function waiter(): Waiter {
  let resolve!: Waiter['resolve'];
  let reject!: Waiter['reject'];
  const promise = new Promise<DownloadResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers of the API may never await it; a failure is still recorded and emitted.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

const SENSITIVE = /^(authorization|cookie|proxy-authorization)$/i;

function publicHeaders(headers?: Record<string, string>): Record<string, string> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !SENSITIVE.test(k)));
}

/** The record of a new download; credentials in its headers are never kept. */
export function newRecord(request: DownloadRequest): DownloadRecord {
  return {
    id: randomUUID(),
    url: request.url,
    dest: request.dest,
    sha256: request.sha256?.toLowerCase(),
    hash: request.hash,
    headers: publicHeaders(request.headers),
    runId: request.runId,
    ...(request.app ? { app: request.app } : {}),
    state: 'queued',
    bytes: 0,
    total: null,
    createdAt: Date.now(),
  };
}

export function progressEvent(
  record: DownloadRecord,
  rate: { rate: number; etaSec: number | null },
): DownloadProgressEvent {
  return {
    id: record.id,
    url: record.url,
    dest: record.dest,
    bytes: record.bytes,
    total: record.total,
    rate: rate.rate,
    etaSec: record.state === 'done' ? 0 : rate.etaSec,
    state: record.state,
    error: record.error?.message,
    ...(record.error?.status !== undefined ? { httpStatus: record.error.status } : {}),
    ...(record.runId ? { runId: record.runId } : {}),
  };
}
