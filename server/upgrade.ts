// The one `upgrade` dispatcher: asks the admission policy, then Socket.IO, an app's own origin, /apps/* in path mode,
// Next HMR; the rest is destroyed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DisplayBridge } from './display-bridge';
import type { AppProxy } from './proxy';
import type { Admission } from './security/admission';
import { pathOf } from './security/admission';
import { SOCKET_PATH } from '../lib/shared/socket';

export { SOCKET_PATH };

export interface UpgradeTargets {
  admission: Admission;
  proxy: AppProxy;
  /** The live view of apps' virtual displays (a WebSocket per viewer). */
  displays?: DisplayBridge;
  /** Dev HMR, or null in production. */
  nextHmr: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null;
}

export function createUpgradeHandler(targets: UpgradeTargets) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const decision = targets.admission.admit(req, 'upgrade');
    if (!decision.ok) return reject(socket, decision.status, decision.message);
    const to = decision.to;
    if (to.kind === 'app') return targets.proxy.upgradeOrigin(req, socket, head, to.name);
    if (to.kind === 'no-app') return reject(socket, 404, 'Not Found');
    const pathname = pathOf(req.url);
    // Socket.IO attaches its own upgrade listener and answers its path itself (its allowRequest asks admission too).
    if (pathname === `${SOCKET_PATH}/` || pathname.startsWith(`${SOCKET_PATH}/`)) return;
    if (targets.displays?.handleUpgrade(req, socket, head)) return;
    if (targets.proxy.handleUpgrade(req, socket, head)) return;
    if (targets.nextHmr && pathname.startsWith('/_next/'))
      return targets.nextHmr(req, socket, head);
    reject(socket, 404, 'Not Found');
  };
}

function reject(socket: Duplex, status: number, reason: string): void {
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${reason.replace(/[\r\n]/g, ' ')}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  socket.destroy();
}
