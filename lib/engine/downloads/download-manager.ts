// The download queue: concurrency limit, cancel, progress events, persistence and resume after a restart.
import { EngineError, errorMessage, isEngineError } from '../errors';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import {
  newRecord,
  progressEvent,
  type DownloadResult,
  type Job,
  type Waiter,
  waiter,
} from './download-job';
import type { FetchFileResult } from './fetch-file';
import { removePart } from './part-file';
import { DownloadSlots } from './download-slots';
import { loadQueue, QueueWriter } from './queue-store';
import { transfer } from './download-transfer';
import type { CredentialsProvider, DownloadRecord, DownloadRequest } from './types';

export interface DownloadManagerOptions {
  home: HomeLayout;
  bus: EventBus;
  /** Downloads running at once (default 3). */
  concurrency?: number;
  credentials?: CredentialsProvider;
  /** Hugging Face endpoint (`HF_ENDPOINT` or the setting); huggingface.co URLs are moved onto it. */
  hfEndpoint?: string;
  retries?: number;
  backoffMs?: number;
  stallMs?: number;
  /** The proxy variables of an app's ENVIRONMENT, for the downloads its scripts ask (see transfer). */
  appProxyEnv?: (app: string) => Promise<Record<string, string>>;
}

export type { DownloadResult } from './download-job';

export interface StartedDownload {
  id: string;
  done: Promise<DownloadResult>;
}

const ACTIVE = new Set(['queued', 'downloading', 'verifying']);
/** Details of the error a download's callers get when Hangar shuts down (not a cancel by the user). */
const SHUTDOWN = { details: { reason: 'shutdown' } };
export class DownloadManager {
  private readonly records = new Map<string, DownloadRecord>();
  private readonly jobs = new Map<string, Job>();
  /** The outcome callers await, per download; it spans pauses and settles when the download ends. */
  private readonly waiters = new Map<string, Waiter>();
  private readonly slots: DownloadSlots;
  private disposed = false;
  private readonly ready: Promise<void>;
  private readonly writer: QueueWriter;

  constructor(private readonly options: DownloadManagerOptions) {
    this.slots = new DownloadSlots(() => options.concurrency ?? 3);
    this.ready = loadQueue(options.home).then((stored) => {
      for (const r of stored) if (!this.records.has(r.id)) this.records.set(r.id, r);
    });
    this.writer = new QueueWriter(options.home, this.ready, () => [...this.records.values()]);
  }

  /** Queues a download; a request for a destination being fetched joins it, one paused resumes it. */
  start(request: DownloadRequest): StartedDownload {
    if (this.disposed) throw new EngineError('not_available', 'The download manager is shut down');
    for (const r of this.records.values()) {
      if (r.dest !== request.dest) continue;
      if (r.state === 'paused') return { id: r.id, done: this.launch(r, request.headers, true) };
      if (this.isRunning(r)) return { id: r.id, done: this.waiterFor(r.id).promise };
    }
    const record = newRecord(request);
    this.records.set(record.id, record);
    return { id: record.id, done: this.launch(record, request.headers, request.skipExisting) };
  }

  /**
   * Cancels a queued, running or paused download. Its partial bytes are removed unless `keepPartial` (a
   * stopped run keeps them so running it again resumes). False when the download is not active.
   */
  cancel(id: string, options: { keepPartial?: boolean } = {}): boolean {
    const job = this.jobs.get(id);
    const record = this.records.get(id);
    if (job && record && this.isRunning(record)) {
      job.stop = options.keepPartial === true ? 'cancel-keep' : 'cancel';
      job.controller.abort();
      return true;
    }
    if (record?.state !== 'paused') return false;
    // A paused download has no transfer to stop: it ends here and its callers get the error.
    const error = new EngineError('cancelled', `Download of ${record.url} was cancelled`);
    record.state = 'cancelled';
    record.error = { code: error.code, message: error.message };
    record.finishedAt = Date.now();
    this.settle(id, (w) => w.reject(error));
    void this.afterCancel(record, options.keepPartial === true);
    return true;
  }

  /** Pauses a queued or running download: the transfer stops, the `.part` stays, callers keep waiting. */
  pause(id: string): boolean {
    const record = this.known(id);
    const job = this.jobs.get(id);
    if (!job || (record.state !== 'queued' && record.state !== 'downloading')) return false;
    job.stop = 'pause';
    job.controller.abort();
    return true;
  }

  /** Continues a paused download from its `.part` (a Range request from the offset). */
  resume(id: string): boolean {
    if (this.disposed) throw new EngineError('not_available', 'The download manager is shut down');
    const record = this.known(id);
    if (record.state !== 'paused') return false;
    void this.launch(record, record.headers, true);
    return true;
  }

  /** Starts a failed or cancelled download again, from its `.part` when one was kept. */
  retry(id: string): boolean {
    if (this.disposed) throw new EngineError('not_available', 'The download manager is shut down');
    const record = this.known(id);
    if (record.state !== 'failed' && record.state !== 'cancelled') return false;
    const busy = [...this.records.values()].some(
      (r) => r.dest === record.dest && this.isRunning(r),
    );
    if (busy) return false;
    record.error = undefined;
    record.finishedAt = undefined;
    void this.launch(record, record.headers, true);
    return true;
  }

  list(): DownloadRecord[] {
    return [...this.records.values()]
      .map((r) => ({ ...r }))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): DownloadRecord | undefined {
    const r = this.records.get(id);
    return r ? { ...r } : undefined;
  }

  /** Restarts the unfinished downloads of the persisted queue from their `.part`; paused ones stay paused. */
  async resumePersisted(): Promise<StartedDownload[]> {
    await this.ready;
    const started: StartedDownload[] = [];
    for (const record of this.records.values()) {
      if (!ACTIVE.has(record.state) || this.jobs.has(record.id)) continue;
      record.state = 'queued';
      started.push({ id: record.id, done: this.launch(record, record.headers, true) });
    }
    return started;
  }

  /** Stops every running download, keeping `.part` files and the queue so a restart resumes them. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const jobs = [...this.jobs.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.allSettled(jobs.map((j) => j.ended));
    // Callers waiting on a paused download are told, not left waiting on a queue that is gone.
    for (const id of this.waiters.keys()) {
      const url = this.records.get(id)?.url ?? id;
      this.settle(id, (w) =>
        w.reject(new EngineError('cancelled', `Download of ${url} paused by shutdown`, SHUTDOWN)),
      );
    }
    await this.writer.flushed();
  }

  /** A transfer is under way or queued (a paused or ended one may still be recording its state). */
  private isRunning(record: DownloadRecord): boolean {
    return ACTIVE.has(record.state) && this.jobs.has(record.id);
  }

  private known(id: string): DownloadRecord {
    const record = this.records.get(id);
    if (!record) throw new EngineError('not_found', `No download ${id} (see downloads.list)`);
    return record;
  }

  private waiterFor(id: string): Waiter {
    let w = this.waiters.get(id);
    if (!w) this.waiters.set(id, (w = waiter()));
    return w;
  }

  private settle(id: string, outcome: (w: Waiter) => void): void {
    const w = this.waiters.get(id);
    if (!w) return;
    this.waiters.delete(id);
    outcome(w);
  }

  private launch(
    record: DownloadRecord,
    headers: Record<string, string> | undefined,
    skipExisting?: boolean,
  ): Promise<DownloadResult> {
    const { promise } = this.waiterFor(record.id);
    const job: Job = { controller: new AbortController(), ended: Promise.resolve() };
    record.state = 'queued';
    this.jobs.set(record.id, job);
    job.ended = this.run(record, job, headers, skipExisting)
      .finally(() => {
        if (this.jobs.get(record.id) === job) this.jobs.delete(record.id);
      })
      .then(
        (result) => {
          if (result) this.settle(record.id, (w) => w.resolve(result));
        },
        (error: unknown) => this.settle(record.id, (w) => w.reject(error)),
      );
    this.emit(record);
    void this.writer.write();
    return promise;
  }

  private async afterCancel(record: DownloadRecord, keepPartial: boolean): Promise<void> {
    if (!keepPartial) await removePart(record.dest);
    this.emit(record);
    await this.writer.write();
  }

  /** One transfer of a download; null when it was paused (its callers keep waiting). */
  private async run(
    record: DownloadRecord,
    job: Job,
    headers: Record<string, string> | undefined,
    skipExisting?: boolean,
  ): Promise<DownloadResult | null> {
    const { controller } = job;
    await this.ready;
    await this.slots.acquire(controller.signal);
    let result: FetchFileResult;
    try {
      controller.signal.throwIfAborted();
      record.state = 'downloading';
      record.error = undefined;
      this.emit(record);
      result = await transfer(record, {
        ...this.options,
        signal: controller.signal,
        headers,
        skipExisting,
        emit: (r, rate) => this.emit(r, rate),
      });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      if (cancelled && job.stop === 'pause') {
        record.state = 'paused';
        this.emit(record);
        await this.writer.write();
        return null;
      }
      if (cancelled && job.stop === undefined) {
        // Shutdown, not a user cancel: keep the record active so resumePersisted() picks it up.
        await this.writer.write();
        throw new EngineError(
          'cancelled',
          `Download of ${record.url} paused by shutdown`,
          SHUTDOWN,
        );
      }
      record.state = cancelled ? 'cancelled' : 'failed';
      const code = cancelled ? 'cancelled' : isEngineError(error) ? error.code : 'network';
      const status = isEngineError(error) ? error.details?.status : undefined;
      record.error = {
        code,
        message: cancelled ? `Download of ${record.url} was cancelled` : errorMessage(error),
        ...(typeof status === 'number' && !cancelled ? { status } : {}),
      };
      record.finishedAt = Date.now();
      if (job.stop === 'cancel') await removePart(record.dest);
      this.emit(record);
      await this.writer.write();
      throw isEngineError(error) && !cancelled
        ? error
        : new EngineError(code, record.error.message, { cause: error });
    } finally {
      this.slots.release();
    }
    record.state = 'done';
    record.bytes = result.bytes;
    record.total = result.bytes;
    record.actualSha256 = result.sha256;
    record.finishedAt = Date.now();
    this.emit(record);
    await this.writer.write();
    return { ...record, skipped: result.skipped, resumedFrom: result.resumedFrom };
  }

  private emit(
    record: DownloadRecord,
    rate: { rate: number; etaSec: number | null } = { rate: 0, etaSec: null },
  ): void {
    this.options.bus.emit('download:progress', progressEvent(record, rate));
  }
}
