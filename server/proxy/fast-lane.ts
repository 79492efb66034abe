// The fast lane: plain GET/HEAD requests for running apps are served straight off the server's connections.
// Node's HTTP server (IncomingMessage, ServerResponse, header validation, cork/uncork ticks) costs a proxied
// request about as much as the proxy itself; the lane skips it for the requests that make up most of an app's
// traffic, and gives the connection to the server, for good, at the first request it does not take.
import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import type { FastLaneOptions, ForwardContext } from './types';
import type { Destination } from '../security/destination';
import { parseLaneRequest, type LaneRequest } from './lane-request';
import { startExchange, type Exchange } from './lane-exchange';
import type { UpstreamPool } from './upstream-pool';

/** Pipelined bytes buffered while a response is in flight before the lane stops reading. */
const MAX_PENDING = 64 * 1024;
/** Node's own default for a whole request head. */
const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT =
  'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

export interface FastLane {
  /** Ends the connections idling between requests (the server is shutting down). */
  closeIdle(): void;
  /** Destroys every connection the lane still holds, mid-response ones too. */
  close(): void;
}

type ConnectionListener = (this: Server | HttpsServer, socket: Socket) => void;

/**
 * Takes the event Node's HTTP parser listens on ('connection', or 'secureConnection' on an HTTPS server, once the
 * TLS handshake is done): Node's own listeners run only when the lane hands a connection over. Listeners added
 * later (socket tracking) still hear every connection.
 */
export function attachFastLane(
  server: Server | HttpsServer,
  options: FastLaneOptions,
  route: (req: LaneRequest, to: Destination) => ForwardContext | null,
  pool: UpstreamPool,
): FastLane {
  const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
  const nodeListeners = server.listeners(event) as ConnectionListener[];
  server.removeAllListeners(event);
  /** Connections the lane holds, each with whether a response is in flight on it. */
  const open = new Map<Socket, () => boolean>();
  const keepAliveHeader = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(options.keepAliveMs / 1000)}\r\n`;

  server.on(event, (socket: Socket) => {
    let pending: Buffer | null = null;
    let exchange: Exchange | null = null;
    open.set(socket, () => exchange !== null);
    let ended = false;
    /** The lane is done with the connection (a `Connection: close` answered, or the browser's end): nothing more is read. */
    let closing = false;
    /** Runs while a GET/HEAD head is arriving in pieces; Node's server gives a head as long. */
    let headTimer: NodeJS.Timeout | null = null;
    const stopHeadTimer = (): void => {
      if (headTimer !== null) clearTimeout(headTimer);
      headTimer = null;
    };
    /** Ends the connection, after `answer` when given. */
    const finish = (answer?: string): void => {
      stopHeadTimer();
      closing = true;
      pending = null;
      if (answer === undefined) socket.end();
      else socket.end(answer, 'latin1');
    };

    const onData = (chunk: Buffer): void => {
      if (closing) return;
      pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
      if (exchange === null) next();
      else if (pending.length > MAX_PENDING) socket.pause();
    };
    const onEnd = (): void => {
      ended = true;
      // Between requests nothing more can come: a head cut short by the browser's end is never served.
      if (exchange === null) finish();
    };
    const onTimeout = (): void => {
      // Only an idle connection times out; a long generation keeps its connection however quiet it is.
      if (exchange === null) socket.destroy();
      else socket.setTimeout(options.keepAliveMs);
    };
    const onError = (): void => void socket.destroy();
    const onClose = (): void => {
      open.delete(socket);
      stopHeadTimer();
      exchange?.abort();
      exchange = null;
    };

    function next(): void {
      while (pending !== null && exchange === null) {
        const req = parseLaneRequest(pending, socket);
        if (req === 'incomplete') {
          if (ended) return finish();
          headTimer ??= setTimeout(
            () => finish(REQUEST_TIMEOUT),
            options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
          );
          return;
        }
        stopHeadTimer();
        if (req === null) return handOver();
        const to = options.admit(req);
        const ctx = to === null ? null : route(req, to);
        if (ctx === null) return handOver();
        const raw = pending.subarray(0, req.size);
        pending = req.size < pending.length ? pending.subarray(req.size) : null;
        exchange = startExchange(req, ctx, socket, pool, keepAliveHeader, {
          done() {
            exchange = null;
            if (req.close) return finish();
            socket.resume();
            if (pending !== null) next();
            else if (ended) finish();
          },
          replay() {
            exchange = null;
            pending = pending === null ? raw : Buffer.concat([raw, pending]);
            handOver();
          },
        });
      }
    }

    /** From now on Node's server owns the connection: it re-reads the bytes the lane did not serve. */
    function handOver(): void {
      stopHeadTimer();
      open.delete(socket);
      socket.pause();
      socket.setTimeout(0);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('timeout', onTimeout);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (pending !== null) socket.unshift(pending);
      pending = null;
      for (const listener of nodeListeners) listener.call(server, socket);
      socket.resume();
    }

    socket.setNoDelay(true);
    socket.setTimeout(options.keepAliveMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('timeout', onTimeout);
    socket.on('error', onError);
    socket.on('close', onClose);
  });

  return {
    closeIdle() {
      for (const [socket, busy] of open) if (!busy()) socket.destroy();
    },
    close() {
      for (const socket of open.keys()) socket.destroy();
      open.clear();
    },
  };
}
