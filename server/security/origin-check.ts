// CSRF and cross-site WebSocket defence: a browser's Origin must be this very origin.
import type { IncomingMessage } from 'node:http';

/**
 * True when the request is same-origin or comes from a non-browser client (no Origin header).
 * Browsers always send Origin on cross-site POSTs and WebSocket handshakes.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return false;
  if (origin === undefined) return true;
  // A same-origin page under `Referrer-Policy: no-referrer` posts with `Origin: null`; the browser's own
  // Sec-Fetch-Site (which no page can set) still tells it apart from a sandboxed or file:// page (cross-site).
  if (origin === 'null') return fetchSite === 'same-origin';
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // A malformed Origin cannot be same-origin.
    return false;
  }
  const host = req.headers.host;
  if (!host) return false;
  return parsed.host.toLowerCase() === host.toLowerCase() && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}
