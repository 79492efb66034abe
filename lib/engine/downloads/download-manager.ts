// The download queue: concurrency limit, cancel, progress events, persistence and resume after a restart.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { EngineError, errorMessage, isEngineError } from '../errors';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import { fetchFile, type FetchFileResult } from './fetch-file';
import { metaPath, partPath } from './part-file';
import { ProgressMeter } from './progress-meter';
import { loadQueue, saveQueue } from './queue-store';
import { confirmPageHook, resolveSource } from './resolve-source';
import { resolveReleaseUrl } from './sources/github-release';
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
}

export interface DownloadResult extends DownloadRecord {
  skipped: boolean;
  resumedFrom: number;
}

export interface StartedDownload {
  id: string;
  done: Promise<DownloadResult>;
}

const ACTIVE = new Set(['queued', 'downloading', 'verifying']);
const SENSITIVE = /^(authorization|cookie|proxy-authorization)$/i;

function publicHeaders(headers?: Record<string, string>): Record<string, string> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !SENSITIVE.test(k)));
}

export class DownloadManager {
  private readonly records = new Map<string, DownloadRecord>();
  private readonly jobs = new Map<
    string,
    { controller: AbortController; done: Promise<DownloadResult> }
  >();
  /** Downloads cancelled on request, with whether to keep their partial bytes. */
  private readonly userCancelled = new Map<string, boolean>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private disposed = false;
  private readonly ready: Promise<void>;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: DownloadManagerOptions) {
    this.ready = loadQueue(options.home).then((stored) => {
      for (const r of stored) if (!this.records.has(r.id)) this.records.set(r.id, r);
    });
  }

  /** Queues a download. A request for a destination already being fetched joins that download. */
  start(request: DownloadRequest): StartedDownload {
    if (this.disposed) throw new EngineError('not_available', 'The download manager is shut down');
    for (const [id, job] of this.jobs) {
      if (this.records.get(id)?.dest === request.dest) return { id, done: job.done };
    }
    const record: DownloadRecord = {
      id: randomUUID(),
      url: request.url,
      dest: request.dest,
      sha256: request.sha256?.toLowerCase(),
      hash: request.hash,
      headers: publicHeaders(request.headers),
      runId: request.runId,
      state: 'queued',
      bytes: 0,
      total: null,
      createdAt: Date.now(),
    };
    this.records.set(record.id, record);
    return { id: record.id, done: this.launch(record, request.headers, request.skipExisting) };
  }

  /**
   * Cancels a queued or running download. Its partial bytes are removed unless `keepPartial` (a stopped
   * run keeps them so running it again resumes). False when the download is not active.
   */
  cancel(id: string, options: { keepPartial?: boolean } = {}): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    this.userCancelled.set(id, options.keepPartial === true);
    job.controller.abort();
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

  /** Restarts every download the persisted queue says was unfinished; they resume from their `.part`. */
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
    await Promise.allSettled(jobs.map((j) => j.done));
    await this.saving;
  }

  private launch(
    record: DownloadRecord,
    headers: Record<string, string> | undefined,
    skipExisting?: boolean,
  ): Promise<DownloadResult> {
    const controller = new AbortController();
    const done = this.run(record, controller, headers, skipExisting).finally(() => {
      this.jobs.delete(record.id);
      this.userCancelled.delete(record.id);
    });
    // Callers of the API may never await `done`; a failure is still recorded and emitted.
    done.catch(() => undefined);
    this.jobs.set(record.id, { controller, done });
    this.emit(record);
    void this.persist();
    return done;
  }

  private async run(
    record: DownloadRecord,
    controller: AbortController,
    headers: Record<string, string> | undefined,
    skipExisting?: boolean,
  ): Promise<DownloadResult> {
    await this.ready;
    await this.acquire(controller.signal);
    let result: FetchFileResult;
    try {
      controller.signal.throwIfAborted();
      record.state = 'downloading';
      record.error = undefined;
      this.emit(record);
      const requested = await resolveReleaseUrl(record.url, controller.signal);
      const source = resolveSource(requested, {
        hfEndpoint: this.options.hfEndpoint,
        credentials: this.options.credentials,
      });
      const meter = new ProgressMeter();
      let lastEmit = 0;
      let reports = 0;
      result = await fetchFile({
        url: source.url,
        dest: record.dest,
        sha256: record.sha256,
        hash: record.hash,
        headers: { ...source.headers, ...headers },
        signal: controller.signal,
        skipExisting,
        retries: this.options.retries,
        backoffMs: this.options.backoffMs,
        stallMs: this.options.stallMs,
        onHtml: confirmPageHook,
        onVerify: () => {
          record.state = 'verifying';
          this.emit(record);
        },
        onProgress: (bytes, total) => {
          record.bytes = bytes;
          record.total = total;
          const now = Date.now();
          // The start and the first bytes are shown at once, then at most four updates a second.
          if ((reports += 1) > 2 && now - lastEmit < 250) return;
          lastEmit = now;
          this.emit(record, meter.sample(bytes, total));
        },
      });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      if (cancelled && !this.userCancelled.has(record.id)) {
        // Shutdown, not a user cancel: keep the record active so resumePersisted() picks it up.
        await this.persist();
        throw new EngineError('cancelled', `Download of ${record.url} paused by shutdown`);
      }
      record.state = cancelled ? 'cancelled' : 'failed';
      const code = cancelled ? 'cancelled' : isEngineError(error) ? error.code : 'network';
      record.error = {
        code,
        message: cancelled ? `Download of ${record.url} was cancelled` : errorMessage(error),
      };
      record.finishedAt = Date.now();
      if (cancelled && !this.userCancelled.get(record.id)) {
        await Promise.all([
          rm(partPath(record.dest), { force: true }),
          rm(metaPath(record.dest), { force: true }),
        ]);
      }
      this.emit(record);
      await this.persist();
      throw isEngineError(error) && !cancelled
        ? error
        : new EngineError(code, record.error.message, { cause: error });
    } finally {
      this.release();
    }
    record.state = 'done';
    record.bytes = result.bytes;
    record.total = result.bytes;
    record.actualSha256 = result.sha256;
    record.finishedAt = Date.now();
    this.emit(record);
    await this.persist();
    return { ...record, skipped: result.skipped, resumedFrom: result.resumedFrom };
  }

  private emit(
    record: DownloadRecord,
    rate: { rate: number; etaSec: number | null } = { rate: 0, etaSec: null },
  ): void {
    this.options.bus.emit('download:progress', {
      id: record.id,
      url: record.url,
      dest: record.dest,
      bytes: record.bytes,
      total: record.total,
      rate: rate.rate,
      etaSec: record.state === 'done' ? 0 : rate.etaSec,
      state: record.state,
      error: record.error?.message,
    });
  }

  /**
   * Queues a write of downloads.json. A failed write (a full disk) is reported on stderr and never fails a
   * download nor blocks the next write: the next change writes the whole queue again.
   */
  private persist(): Promise<void> {
    const write = async (): Promise<void> => {
      await this.ready;
      await saveQueue(this.options.home, [...this.records.values()]);
    };
    this.saving = this.saving.then(write, write).catch((error: unknown) => {
      console.error(`hangar: the download queue was not saved: ${errorMessage(error)}`);
    });
    return this.saving;
  }

  private acquire(signal: AbortSignal): Promise<void> {
    const limit = Math.max(1, this.options.concurrency ?? 3);
    if (this.running < limit) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const go = (): void => {
        signal.removeEventListener('abort', go);
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        this.running += 1;
        resolve();
      };
      this.waiting.push(go);
      signal.addEventListener('abort', go, { once: true });
    });
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }
}
