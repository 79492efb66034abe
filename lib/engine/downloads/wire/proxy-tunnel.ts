// An HTTP CONNECT tunnel through a proxy: the socket it resolves with carries the target's bytes (TLS goes inside).
import net from 'node:net';
import { EngineError } from '../../errors';
import { WireError } from './wire-error';
import { proxyLabel } from '../../network';

/** `Basic …` for the proxy URL's `user:pass@`, or null without credentials. Never logged. */
export function proxyAuthorization(proxy: URL): string | null {
  if (proxy.username === '' && proxy.password === '') return null;
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(user).toString('base64')}`;
}

/** Connects to the proxy itself (not the target): an error here names the proxy as the failing hop. */
export function connectToProxy(proxy: URL): net.Socket {
  return net.connect({
    host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(proxy.port) || 80,
  });
}

export function proxyConnectError(proxy: URL, error: Error): WireError {
  return new WireError('connect', `cannot connect to ${proxyLabel(proxy)}: ${error.message}`, {
    cause: error,
  });
}

const HEAD_LIMIT = 64 * 1024;

/** Opens a tunnel to `target` (host and port) through `proxy`; rejects naming the proxy when it refuses. */
export function openTunnel(
  proxy: URL,
  target: URL,
  options: { signal?: AbortSignal; timeoutMs: number },
): Promise<net.Socket> {
  const authority = `${target.hostname}:${Number(target.port) || 443}`;
  return new Promise((resolve, reject) => {
    const socket = connectToProxy(proxy);
    let received = Buffer.alloc(0);
    let connected = false;
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      if (error === null) {
        socket.pause();
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void =>
      finish(new EngineError('cancelled', `Request to ${target.host} was cancelled`));
    const onError = (error: Error): void =>
      finish(
        connected
          ? new WireError('broken', `${proxyLabel(proxy)} failed: ${error.message}`, {
              cause: error,
            })
          : proxyConnectError(proxy, error),
      );
    const onClose = (): void =>
      finish(new WireError('cut', `${proxyLabel(proxy)} closed the connection during CONNECT`));
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > HEAD_LIMIT)
          finish(
            new WireError('protocol', `${proxyLabel(proxy)} sent an oversized CONNECT answer`),
          );
        return;
      }
      const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (!match) {
        finish(new WireError('protocol', `${proxyLabel(proxy)} sent a malformed CONNECT answer`));
        return;
      }
      const status = Number(match[1]);
      if (status < 200 || status > 299) {
        finish(refused(proxy, authority, status, match[2] ?? ''));
        return;
      }
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      finish(null);
    };
    const timer = setTimeout(
      () =>
        finish(
          new EngineError(
            'timeout',
            `No answer from ${proxyLabel(proxy)} to CONNECT ${authority} within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    socket.once('connect', () => (connected = true));
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let head = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: hangar\r\n`;
    const auth = proxyAuthorization(proxy);
    if (auth !== null) head += `Proxy-Authorization: ${auth}\r\n`;
    socket.write(`${head}\r\n`, 'latin1');
  });
}

/** The proxy answered but would not tunnel (or forward): a clear, non-retried error naming the proxy. */
export function refused(proxy: URL, target: string, status: number, reason: string): EngineError {
  const hint =
    status === 407
      ? proxyAuthorization(proxy) === null
        ? ' (the proxy wants a user and password: put user:pass@ in the proxy URL)'
        : ' (the proxy rejected the user and password in the proxy URL)'
      : '';
  return new EngineError(
    'network',
    `${proxyLabel(proxy)} refused the connection to ${target}: ${status} ${reason}`.trim() + hint,
    { details: { proxy: proxy.host, target, status } },
  );
}
