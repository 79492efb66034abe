// The file name a server gives a download (Content-Disposition), for URLs whose path does not name the file.
import path from 'node:path';
import { errorMessage } from '../errors';
import { openUrl } from './http-open';

/** Longest name kept (most filesystems allow 255 bytes). */
const MAX_NAME = 200;

/** A name safe to create in a folder: no separators, no control characters, not hidden-only dots. */
function safeName(raw: string): string | null {
  const name = path.posix
    .basename(raw.replace(/\\/g, '/'))
    // oxlint-disable-next-line no-control-regex -- control characters are what a safe file name drops
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (name === '' || /^\.+$/.test(name)) return null;
  return name.length > MAX_NAME ? name.slice(name.length - MAX_NAME) : name;
}

/**
 * The file name of a Content-Disposition value: RFC 6266 `filename*=UTF-8''…` wins over `filename="…"`.
 * Null when there is none or it cannot be used safely.
 */
export function dispositionFileName(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      const charset = extended[1]!.toLowerCase();
      const value = extended[2]!.trim();
      const decoded =
        charset === 'utf-8'
          ? decodeURIComponent(value)
          : value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            );
      const name = safeName(decoded);
      if (name) return name;
    } catch (error) {
      // A malformed percent-encoding: fall back to the plain filename parameter.
      if (!(error instanceof URIError)) throw error;
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return null;
  const value = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!.trim();
  return safeName(value);
}

/** Does a URL's last path segment look like a file name (it has an extension)? */
export function urlNamesFile(url: string): boolean {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  return /\.[A-Za-z0-9]{1,12}$/.test(decodeURIComponent(last));
}

export interface RemoteNameResult {
  name: string | null;
  /** Why no name was learned (the caller falls back to the URL's). */
  reason?: string;
}

/** Asks the server (HEAD, following redirects) what the file is called. */
export async function remoteFileName(
  url: string,
  options: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<RemoteNameResult> {
  let opened;
  try {
    opened = await openUrl({
      url,
      method: 'HEAD',
      headers: options.headers,
      signal: options.signal,
      headersTimeoutMs: options.timeoutMs ?? 15_000,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { name: null, reason: errorMessage(error) };
  }
  opened.res.destroy();
  const final = opened.hops[opened.hops.length - 1]!;
  if (final.status >= 400) return { name: null, reason: `HEAD answered ${final.status}` };
  for (const hop of [...opened.hops].reverse()) {
    const name = dispositionFileName(
      typeof hop.headers['content-disposition'] === 'string'
        ? hop.headers['content-disposition']
        : undefined,
    );
    if (name) return { name };
  }
  // A redirect to a URL that names the file (a CDN path) is the next best thing.
  if (opened.hops.length > 1 && urlNamesFile(opened.url)) {
    const last = new URL(opened.url).pathname.split('/').filter(Boolean).pop()!;
    return { name: safeName(decodeURIComponent(last)) };
  }
  return { name: null, reason: 'the server names no file' };
}
