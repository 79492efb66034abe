// Helpers of the security suite: a real Hangar with environment secrets, and raw HTTP/WebSocket probes through 127.0.0.1 only.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { WebSocket } from 'ws';
import { parseServerConfig } from '../../../server/config';
import { startHangar, type HangarOptions, type RunningHangar } from '../../../server/hangar-server';
import { SOCKET_PATH } from '../../../lib/shared/socket';
import { writeTestConfig } from '../../helpers/port-range';

export const repoRoot = path.resolve(__dirname, '../../..');
export const TOKEN = 'test-token-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';

export interface SecureServer extends RunningHangar {
  home: string;
  stop(): Promise<void>;
}

/** Starts Hangar in-process; `remote` binds 0.0.0.0 (auth required), but tests only ever connect to 127.0.0.1. */
export async function startSecureServer(
  options: {
    remote?: boolean;
    args?: string[];
    env?: Record<string, string>;
    home?: string;
    auth?: HangarOptions['auth'];
    config?: Record<string, unknown>;
  } = {},
): Promise<SecureServer> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'hangar-sec-')));
  if (!options.home) await writeTestConfig(home, options.config);
  const host = options.remote === false ? '127.0.0.1' : '0.0.0.0';
  const config = parseServerConfig(
    ['--port', '0', '--home', home, '--headless', '--host', host, ...(options.args ?? [])],
    options.env ?? {},
  );
  const hangar = await startHangar(config, { ui: false, dir: repoRoot, auth: options.auth });
  return {
    ...hangar,
    home,
    async stop() {
      await hangar.close();
      if (!options.home) await rm(home, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw request to 127.0.0.1:port (headers exactly as given, including Host). */
export async function request(
  port: number,
  options: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<Reply> {
  const reply = await requestBytes(port, options);
  return { ...reply, body: reply.body.toString('utf8') };
}

/** `request` with the body as the bytes that came (a download, an image). */
export function requestBytes(
  port: number,
  options: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const rpcBody = (method: string, params: unknown = {}) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

export function rpc(
  port: number,
  method: string,
  params: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return request(port, {
    path: '/api',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: rpcBody(method, params),
  });
}

/** The status a WebSocket upgrade gets (101 when it opens, -1 when the socket is dropped). */
export function upgradeStatus(
  port: number,
  pathName: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathName}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => resolve(-1));
  });
}

/** Logs in with JSON and returns the `name=value` of the session cookie. */
export async function loginCookie(
  port: number,
  credentials: Record<string, string>,
): Promise<string> {
  const res = await request(port, {
    path: '/_hangar/login',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  const cookie = [res.headers['set-cookie'] ?? []].flat()[0] ?? '';
  return cookie.split(';')[0];
}

/** Opens a Socket.IO connection to Hangar at `url`: 'connected', or the connection error's message. */
export function socketConnects(url: string, extraHeaders: Record<string, string>): Promise<string> {
  const socket = connect(url, {
    path: SOCKET_PATH,
    transports: ['polling'],
    extraHeaders,
    reconnection: false,
    timeout: 5000,
  });
  return new Promise<string>((resolve) => {
    socket.on('hello', () => resolve('connected'));
    socket.on('connect_error', (error) => resolve(error.message));
  }).finally(() => socket.close());
}
