import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { alive } from '../helpers/processes';
import { repoRoot, spawnServer } from '../helpers/spawn-server';

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the hangar process', () => {
  it('serves the UI, then shuts down gracefully on SIGTERM within 5 s, leaving no process and a free port', async () => {
    const server = await spawnServer();
    const port = Number(new URL(server.url).port);
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Hangar');
    const started = Date.now();
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(alive(server.child.pid!)).toBe(false);
    expect(await portAccepts(port)).toBe(false);
  });

  it('shuts down on SIGINT too, even with a Socket.IO client still connected', async () => {
    const { io } = await import('socket.io-client');
    const server = await spawnServer();
    const socket = io(server.url, {
      path: '/_hangar/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const started = Date.now();
    expect(await server.stop('SIGINT')).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    socket.close();
  });

  it('exits non-zero with a message naming a bad flag', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'server/bin/hangar.mjs'), '--port', 'many'],
      { encoding: 'utf8', cwd: repoRoot, timeout: 60000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a number');
  });

  it('exits non-zero with a message naming an unknown flag', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'server/bin/hangar.mjs'), 'serve', '--colour'],
      { encoding: 'utf8', cwd: repoRoot, timeout: 60000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown flag --colour');
  });
});
