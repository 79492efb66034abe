// The answer when an app cannot be reached: an HTML page for browsers, a JSON 502 for everything else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { escapeHtml, PAGE_FONT } from '../../lib/shared/html';

export type UnavailableReason =
  | 'not-running'
  | 'not-installed'
  | 'unreachable'
  | 'unknown-name'
  | 'port-mode'
  | 'path-mode'
  | 'no-app';

export interface Unavailable {
  name: string;
  reason: UnavailableReason;
  dashboard: string;
  /** For `port-mode`: where the app's own origin would be. */
  detail?: string;
  /** For `unreachable`: the address the proxy could not reach (`host:port`). */
  upstream?: string;
}

const MESSAGES: Record<UnavailableReason, (name: string, upstream?: string) => string> = {
  'not-running': (name) => `The app "${name}" is not running.`,
  'not-installed': (name) => `No app named "${name}" is installed in Hangar.`,
  unreachable: (name, upstream) =>
    `The app "${name}" is not answering ${upstream === undefined ? 'on its port' : `at ${upstream}`} (it may still be starting, or it stopped).`,
  'unknown-name': (name) => `"${name}" is not a valid app name.`,
  'port-mode': (name) => `The app "${name}" runs on its own origin, which could not be opened.`,
  'path-mode': (name) =>
    `The app "${name}" is served under /apps/${name}/ on Hangar's own address, not here.`,
  'no-app': (name) => `No app of Hangar answers at "${name}".`,
};

export function sendUnavailable(
  req: IncomingMessage,
  res: ServerResponse,
  info: Unavailable,
): void {
  const status =
    info.reason === 'unknown-name' ||
    info.reason === 'no-app' ||
    info.reason === 'path-mode' ||
    info.reason === 'not-installed'
      ? 404
      : 502;
  const message = MESSAGES[info.reason](info.name, info.upstream);
  if (wantsHtml(req)) {
    const body = page(info, message);
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const body = JSON.stringify({
    error: {
      code: status === 404 ? 'not_found' : 'not_available',
      message,
      app: info.name,
      reason: info.reason,
      dashboard: info.dashboard,
      ...(info.upstream === undefined ? {} : { upstream: info.upstream }),
    },
  });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Refuses an upgrade on a raw socket with a short HTTP answer. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
    );
  }
  socket.destroy();
}

function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return accept !== undefined && accept.includes('text/html');
}

/** No Referer on the way out: a Referer inside /apps/<name>/ would route the dashboard link back to the app. */
function page(info: Unavailable, message: string): string {
  const name = escapeHtml(info.name);
  const dashboard = escapeHtml(info.dashboard);
  const retry = info.reason === 'unreachable' ? '<meta http-equiv="refresh" content="3">' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${retry}
<meta name="referrer" content="no-referrer">
<title>${info.reason === 'not-installed' ? `${name} · not found` : `${name} · not available`} — Hangar</title>
<style>:root{color-scheme:light dark}body{font:16px/1.5 ${PAGE_FONT};max-width:36rem;margin:15vh auto;padding:0 1rem;color:#18181b;background:#fafafa}a{color:#0369a1}.brand{font-weight:600;color:#52525b;text-decoration:none}@media (prefers-color-scheme:dark){body{color:#f4f4f5;background:#09090b}a{color:#38bdf8}.brand{color:#a1a1aa}}</style>
</head><body><a class="brand" href="/" rel="noreferrer">Hangar</a><h1>${info.reason === 'not-installed' || info.reason === 'unknown-name' || info.reason === 'no-app' ? `No app named ${name}` : `${name} is not available`}</h1><p>${info.reason === 'not-installed' ? 'Nothing by that name is installed here: check the name in the address.' : escapeHtml(message)}</p>${info.detail ? `<p>${escapeHtml(info.detail)}</p>` : ''}
${
  info.reason === 'not-installed'
    ? `<p><a href="${dashboard}" rel="noreferrer">Find apps to install in Discover</a>, or go to <a href="/" rel="noreferrer">your library</a>.</p>`
    : `<p><a href="${dashboard}" rel="noreferrer">Open ${name} in Hangar</a> to start it or see its logs.</p>`
}</body></html>
`;
}
