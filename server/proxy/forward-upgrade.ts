// Forwards a WebSocket (or any HTTP/1.1 Upgrade) to the app and splices the two sockets together.
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { ForwardContext } from './types';
import { forwardedHeaders } from './request-head';
import { browserHeaders } from './response-headers';
import { refuseUpgrade } from './unavailable';
import { dialApp } from '../../lib/http/app-dial';
import { limitConnect, upstreamLabel } from './upstream-address';

/** The proxy's WebSockets: each ends when the proxy closes, and when the login session that opened it ends. */
export interface Tunnels {
  /** Spliced ones, so close() can end them. */
  open: Set<Duplex>;
  /** How long connecting to the app may take. */
  connectTimeoutMs: number;
  tieToSession?(req: IncomingMessage, end: () => void): (() => void) | null;
}

export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: ForwardContext,
  tunnels: Tunnels,
): void {
  // Tied before the app answers: a logout meanwhile closes it too.
  const untie = tunnels.tieToSession?.(req, () => socket.destroy());
  if (untie) socket.once('close', untie);
  const upReq = http.request({
    createConnection: () => dialApp(ctx.target),
    method: req.method,
    path: ctx.upstreamPath,
    headers: forwardedHeaders(req, ctx, { upgrade: true }),
    setHost: false,
  });
  upReq.once('socket', (upSocket: Socket) =>
    limitConnect(upSocket, tunnels.connectTimeoutMs, upstreamLabel(ctx.target)),
  );
  const abort = (): void => {
    upReq.destroy();
  };
  socket.once('close', abort);
  socket.on('error', () => socket.destroy());
  upReq.on('error', () => {
    socket.off('close', abort);
    refuseUpgrade(
      socket,
      502,
      `Bad Gateway: the app is not answering at ${upstreamLabel(ctx.target)}`,
    );
  });
  upReq.on('response', (upRes) => {
    // The app declined the upgrade (404, 401…): relay its answer and close.
    socket.off('close', abort);
    const info = browserHeaders(upRes.rawHeaders, ctx, req.headers.host, false);
    socket.write(statusLine(upRes) + headerBlock(info.headers.concat(['Connection', 'close'])));
    upRes.pipe(socket);
  });
  upReq.on('upgrade', (upRes, upSocket: Socket, upHead: Buffer) => {
    socket.off('close', abort);
    const info = browserHeaders(upRes.rawHeaders, ctx, req.headers.host, true);
    upSocket.setNoDelay(true);
    upSocket.setTimeout(0);
    if ('setNoDelay' in socket) (socket as Socket).setNoDelay(true);
    socket.write(statusLine(upRes) + headerBlock(info.headers));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    tunnels.open.add(socket);
    const done = (): void => {
      tunnels.open.delete(socket);
      socket.destroy();
      upSocket.destroy();
    };
    upSocket.on('error', done);
    socket.on('error', done);
    upSocket.on('close', done);
    socket.on('close', done);
    upSocket.pipe(socket);
    socket.pipe(upSocket);
  });
  upReq.end();
}

function statusLine(res: IncomingMessage): string {
  return `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
}

function headerBlock(flat: string[]): string {
  let text = '';
  for (let i = 0; i < flat.length; i += 2) text += `${flat[i]}: ${flat[i + 1]}\r\n`;
  return `${text}\r\n`;
}
