// The one `upgrade` dispatcher: Host, Origin and auth checks, then Socket.IO, /apps/* WebSockets, Next HMR; the rest is destroyed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HostPolicy } from './security/host-check';
import { isSameOrigin } from './security/origin-check';
import type { AppProxy } from './proxy';
import type { AuthGate } from './auth';
import { pathOf } from './http-server';

export const SOCKET_PATH = '/_hangar/socket.io';

export interface UpgradeTargets {
  hostPolicy: HostPolicy;
  gate: AuthGate;
  proxy: AppProxy;
  /** Dev HMR, or null in production. */
  nextHmr: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null;
}

export function createUpgradeHandler(targets: UpgradeTargets) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (!targets.hostPolicy.allows(req.headers.host)) return reject(socket, 421, 'Misdirected Request');
    if (!isSameOrigin(req)) return reject(socket, 403, 'Forbidden');
    const pathname = pathOf(req.url);
    // Socket.IO attaches its own upgrade listener and answers its path itself (its allowRequest checks auth).
    if (pathname === `${SOCKET_PATH}/` || pathname.startsWith(`${SOCKET_PATH}/`)) return;
    const check = targets.gate.check(req);
    if (!check.ok) return reject(socket, check.reason === 'rate-limited' ? 429 : 401, check.reason === 'rate-limited' ? 'Too Many Requests' : 'Unauthorized');
    if (targets.proxy.handleUpgrade(req, socket, head)) return;
    if (targets.nextHmr && pathname.startsWith('/_next/')) return targets.nextHmr(req, socket, head);
    reject(socket, 404, 'Not Found');
  };
}

function reject(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
