// One transfer of a queued download: the source resolved (mirror, credentials), the file fetched through the
// proxy of the app that asked for it, and its progress written to the record and reported at most 4 times a second.
import { withAppProxy } from '../network';
import { fetchFile, type FetchFileResult } from './fetch-file';
import { ProgressMeter } from './progress-meter';
import { confirmPageHook, resolveSource } from './resolve-source';
import { resolveReleaseUrl } from './sources/github-release';
import type { CredentialsProvider, DownloadRecord } from './types';

export interface TransferOptions {
  hfEndpoint?: string;
  credentials?: CredentialsProvider;
  retries?: number;
  backoffMs?: number;
  stallMs?: number;
  signal: AbortSignal;
  headers: Record<string, string> | undefined;
  skipExisting?: boolean;
  /** The proxy variables of an app's ENVIRONMENT (read at each transfer of a download the app asked for). */
  appProxyEnv?: (app: string) => Promise<Record<string, string>>;
  /** Reports the record (changed in place) with the current rate. */
  emit: (record: DownloadRecord, rate?: { rate: number; etaSec: number | null }) => void;
}

export async function transfer(
  record: DownloadRecord,
  options: TransferOptions,
): Promise<FetchFileResult> {
  const appEnv = record.app && options.appProxyEnv ? await options.appProxyEnv(record.app) : {};
  return withAppProxy(appEnv, () => transferHere(record, options));
}

async function transferHere(
  record: DownloadRecord,
  options: TransferOptions,
): Promise<FetchFileResult> {
  const requested = await resolveReleaseUrl(record.url, options.signal);
  const source = resolveSource(requested, {
    hfEndpoint: options.hfEndpoint,
    credentials: options.credentials,
  });
  const meter = new ProgressMeter();
  let lastEmit = 0;
  let reports = 0;
  return fetchFile({
    url: source.url,
    dest: record.dest,
    sha256: record.sha256,
    hash: record.hash,
    headers: { ...source.headers, ...options.headers },
    signal: options.signal,
    skipExisting: options.skipExisting,
    retries: options.retries,
    backoffMs: options.backoffMs,
    stallMs: options.stallMs,
    onHtml: confirmPageHook,
    onVerify: () => {
      record.state = 'verifying';
      options.emit(record);
    },
    onProgress: (bytes, total) => {
      record.bytes = bytes;
      record.total = total;
      const now = Date.now();
      // The start and the first bytes are shown at once, then at most four updates a second.
      if ((reports += 1) > 2 && now - lastEmit < 250) return;
      lastEmit = now;
      options.emit(record, meter.sample(bytes, total));
    },
  });
}
