// One transfer through the download manager for a step: the disk checked first, the transfer stopped with the
// signal (its .part kept so running again resumes), and the outcome logged with its rate and hash.
import { downloadName } from '../../../shared/downloads';
import { formatBytes } from '../../../shared/format';
import { checkSpace, type DownloadResult } from '../../downloads';
import type { StepContext } from '../types';
import type { FetchOneRequest } from './fetch-one';
import type { DownloadServices } from './services';

export async function managedDownload(
  ctx: StepContext,
  services: DownloadServices,
  request: FetchOneRequest,
  options: { hash: boolean; signal: AbortSignal },
): Promise<DownloadResult> {
  const { url, dest } = request;
  if (request.size) await checkSpace(dest, request.size);
  ctx.log(`Downloading ${url} → ${dest}\r\n`, 'info');
  const started = Date.now();
  const { id, done } = services.manager.start({
    url,
    dest,
    sha256: request.sha256,
    headers: request.headers,
    hash: options.hash,
    runId: ctx.runId,
    ...(ctx.app ? { app: ctx.app } : {}),
  });
  const onAbort = (): void => void services.manager.cancel(id, { keepPartial: true });
  options.signal.addEventListener('abort', onAbort, { once: true });
  let result: DownloadResult;
  try {
    result = await done;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  const secs = Math.max(0.001, (Date.now() - started) / 1000);
  const how = result.skipped
    ? 'already present'
    : `${formatBytes(result.bytes)} in ${secs.toFixed(1)} s (${formatBytes(result.bytes / secs)}/s)`;
  ctx.log(
    `${downloadName({ url, dest })}: ${how}${result.actualSha256 ? `, sha256 ${result.actualSha256}` : ''}\r\n`,
    'info',
  );
  return result;
}
