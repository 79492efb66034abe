// Reference reverse proxies for the proxy benchmarks: nginx and HAProxy, each on its own port, when installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ReferenceProxy {
  port: number;
  /** The one process that serves requests (its CPU time is charged per request). */
  pid: number | undefined;
  close(): Promise<void>;
}

export function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Polls until the port accepts connections: neither proxy says when it listens. */
async function listening(port: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes a config into a fresh temp dir, starts the proxy on it and waits for its port. */
async function startReference(
  name: string,
  config: (dir: string, port: number) => string,
  args: (dir: string, file: string) => string[],
): Promise<ReferenceProxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `hangar-${name}-`));
  const port = await freePort();
  const file = path.join(dir, `${name}.conf`);
  await writeFile(file, config(dir, port));
  const child = spawn(name, args(dir, file), { stdio: 'ignore' });
  try {
    await listening(port, child, name);
  } catch (error) {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    pid: child.pid,
    async close() {
      await stop(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * nginx in one process with upstream keepalive, unbuffered like ours, at /apps/bench/; /apps/bench-tuned/ is the same
 * with 256 KiB reads from the app, as ours (nginx's default 4-8 KiB buffer costs it most of a 1 MiB answer).
 */
export function startNginx(upstreamPort: number): Promise<ReferenceProxy> {
  const config = (
    dir: string,
    port: number,
  ): string => `master_process off; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /apps/bench/ {
      proxy_pass http://app/; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off;
    }
    location /apps/bench-tuned/ {
      proxy_pass http://app/; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off;
      proxy_buffer_size 256k; proxy_buffers 4 256k; proxy_busy_buffers_size 256k;
    }
  }
}
`;
  return startReference('nginx', config, (dir, file) => [
    '-p',
    dir,
    '-c',
    file,
    '-e',
    path.join(dir, 'error.log'),
  ]);
}

/**
 * HAProxy, one thread, at /apps/bench/, with server-side keep-alive and bodies moved by splice(2): the
 * kernel's zero-copy path, which no Node program can use. It answers whether skipping the copies
 * through user space would lift a 1 MiB answer.
 */
export function startHaproxy(upstreamPort: number): Promise<ReferenceProxy> {
  const config = (_dir: string, port: number): string => `global
  nbthread 1
  tune.bufsize 262144
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option splice-request
  option splice-response
frontend bench
  bind 127.0.0.1:${port}
  default_backend app
backend app
  http-request set-path %[path,regsub(^/apps/bench/,/)]
  server app 127.0.0.1:${upstreamPort}
`;
  return startReference('haproxy', config, (_dir, file) => ['-f', file, '-db']);
}
