// A file stored in the drive, fetched once: a drive hit (by the known sha256, else the URL) costs no byte; a
// request for a URL or sha256 already in transfer joins that transfer and is linked from the drive when it ends.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { DownloadResult } from '../../downloads';
import { normaliseUrl, type DriveEntry } from '../../drive';
import { EngineError, isEngineError } from '../../errors';
import { explainCancel } from './cancel-message';
import type { StepContext } from '../types';
import type { FetchOneRequest, FetchOneResult } from './fetch-one';
import type { DownloadServices } from './services';
import { formatBytes } from '../../../shared/format';
import { managedDownload } from './managed-download';
import { flightsOf, type Flight } from './single-flight';

/** What one shared transfer yields: the blob it became and the download that fetched it. */
interface Transfer {
  entry: DriveEntry;
  result: DownloadResult;
  /** Where the transfer wrote (the first requester's destination). */
  dest: string;
  url: string;
}

type Plan =
  | { kind: 'drive'; entry: DriveEntry }
  | { kind: 'join'; flight: Flight<Transfer> }
  | { kind: 'lead'; flight: Flight<Transfer> };

function keysOf(request: FetchOneRequest): string[] {
  const keys = [`url:${normaliseUrl(request.url)}`];
  if (request.sha256) keys.push(`sha256:${request.sha256.toLowerCase()}`);
  return keys;
}

/** Fetches a drive-stored file with no second transfer of the same bytes (see the file comment). */
export async function fetchShared(
  ctx: StepContext,
  services: DownloadServices,
  request: FetchOneRequest,
): Promise<FetchOneResult> {
  const flights = flightsOf<Transfer>(services.manager);
  const name = path.basename(request.dest);
  const keys = keysOf(request);
  // A joined transfer of another URL that fails leaves this request free to try its own URL once.
  for (let round = 0; ; round++) {
    const plan = await flights.exclusive(async (): Promise<Plan> => {
      const entry = request.sha256
        ? await services.drive.findBySha256(request.sha256)
        : await services.drive.findByUrl(request.url);
      if (entry) return { kind: 'drive', entry };
      const running = flights.find(keys);
      if (running) return { kind: 'join', flight: running };
      return {
        kind: 'lead',
        flight: flights.begin(keys, (signal) => transfer(ctx, services, request, signal)),
      };
    });
    if (plan.kind === 'drive') return linkFromDrive(ctx, services, request, plan.entry, 'drive');
    if (plan.kind === 'join')
      ctx.log(`${name}: the same file is already downloading, waiting for it\r\n`, 'info');
    let got: Transfer;
    try {
      got = await flights.wait(plan.flight, ctx.signal, `Download of ${request.url}`);
    } catch (error) {
      const own = plan.kind === 'lead' || plan.flight.keys.includes(keys[0]);
      if (
        own ||
        round > 0 ||
        ctx.signal.aborted ||
        (isEngineError(error) && error.code === 'cancelled')
      )
        throw explainCancel(error, name, request.url, ctx.signal);
      ctx.log(`${name}: the shared download failed, trying ${request.url}\r\n`, 'info');
      continue;
    }
    if (got.dest === request.dest) return downloaded(got);
    return linkFromDrive(ctx, services, request, got.entry, 'shared');
  }
}

/** The transfer of one flight: download into the first requester's destination, then store it in the drive. */
async function transfer(
  ctx: StepContext,
  services: DownloadServices,
  request: FetchOneRequest,
  signal: AbortSignal,
): Promise<Transfer> {
  const { url, dest } = request;
  const result = await managedDownload(ctx, services, request, { hash: true, signal });
  const { entry } = await services.drive.adopt(dest, { sha256: result.actualSha256, url });
  return { entry, result, dest, url };
}

function downloaded(got: Transfer): FetchOneResult {
  return {
    path: got.dest,
    bytes: got.result.bytes,
    sha256: got.entry.sha256,
    source: got.result.skipped ? 'existing' : 'download',
  };
}

/** Puts the blob at the request's destination (unless a link to it is already there) after checking its hash. */
async function linkFromDrive(
  ctx: StepContext,
  services: DownloadServices,
  request: FetchOneRequest,
  entry: DriveEntry,
  how: 'drive' | 'shared',
): Promise<FetchOneResult> {
  const { dest, url } = request;
  const name = path.basename(dest);
  const expected = request.sha256?.toLowerCase();
  if (expected && expected !== entry.sha256) {
    throw new EngineError(
      'checksum_mismatch',
      `Checksum mismatch for ${url}: expected sha256 ${expected}, the shared download of the same URL got ${entry.sha256}`,
      { details: { url, expected, actual: entry.sha256 } },
    );
  }
  const present = await stat(dest).catch(() => null);
  if (present) {
    const blob = await stat(entry.blobPath);
    if (present.ino === blob.ino && present.dev === blob.dev)
      return { path: dest, bytes: entry.size, sha256: entry.sha256, source: 'drive' };
    throw new EngineError(
      'conflict',
      `${dest} appeared while ${url} was downloading; left as it is`,
      {
        details: { path: dest, url },
      },
    );
  }
  const mode = await services.drive.materialize(entry, dest, url);
  const verb = mode === 'copy' ? 'copied' : 'linked';
  ctx.log(
    how === 'drive'
      ? `${name}: already in the drive (${formatBytes(entry.size)}), ${verb} without downloading\r\n`
      : `${name}: downloaded once for every request of it (${formatBytes(entry.size)}), ${verb} from the drive\r\n`,
    'info',
  );
  return { path: dest, bytes: entry.size, sha256: entry.sha256, source: 'drive' };
}
