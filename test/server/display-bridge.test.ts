// The live view's WebSocket: RFB from a real x11vnc on a real Xvfb, through the admission every door uses.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startVirtualDisplay, type VirtualDisplay } from '../../lib/engine/display';
import { listProcs } from '../../lib/engine/processes/proc-table';
import { displayPath } from '../../lib/shared/display';
import { waitFor } from '../helpers/processes';
import {
  TOKEN,
  loginCookie,
  startSecureServer,
  type SecureServer,
} from './security/security-helpers';

let server: SecureServer;
let display: VirtualDisplay;
let cookie: string;

beforeAll(async () => {
  server = await startSecureServer({
    remote: false,
    args: ['--auth'],
    env: { HANGAR_TOKEN: TOKEN },
  });
  display = await startVirtualDisplay({
    app: 'painter',
    runId: 'run-display-bridge',
    cwd: server.home,
    supervisor: server.engine.supervisor,
    stopGraceMs: 500,
  });
  cookie = await loginCookie(server.port, { token: TOKEN });
});
afterAll(async () => {
  await display?.stop();
  await server?.stop();
});

/** Reads exact byte counts from a WebSocket's binary stream. */
class Reader {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  closed: { code: number } | null = null;

  constructor(ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
    ws.on('close', (code) => {
      this.closed = { code };
      this.wake?.();
    });
  }

  async read(n: number, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < n) {
      if (this.closed) throw new Error(`closed (${this.closed.code}) before ${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
}

function open(headers: Record<string, string>, app = 'painter'): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}${displayPath(app)}`, { headers });
}

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

/** Live x11vnc processes started by this Hangar. */
async function viewers(): Promise<number[]> {
  const owner = `HANGAR_OWNER=${server.engine.layout.root}\0`;
  const found: number[] = [];
  for (const p of await listProcs()) {
    if (p.state === 'Z') continue;
    const comm = await readFile(`/proc/${p.pid}/comm`, 'utf8').catch(() => '');
    const env = await readFile(`/proc/${p.pid}/environ`, 'latin1').catch(() => '');
    if (comm.trim() === 'x11vnc' && env.includes(owner)) found.push(p.pid);
  }
  return found;
}

describe('the display bridge', () => {
  it('refuses a viewer without a session, and a page of another origin', async () => {
    expect(await upgradeStatus(open({}))).toBe(401);
    expect(await upgradeStatus(open({ cookie, origin: 'http://evil.test' }))).toBe(403);
    expect(await viewers()).toEqual([]);
  });

  it('answers 404 for an app without a display', async () => {
    expect(await upgradeStatus(open({ cookie }, 'nothing-here'))).toBe(404);
  });

  it('speaks RFB with a session: handshake, server init of the Xvfb screen, a framebuffer update', async () => {
    const ws = open({ cookie, origin: `http://127.0.0.1:${server.port}` });
    const reader = new Reader(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect((await reader.read(12)).toString()).toMatch(/^RFB 003\.00\d\n$/);
    ws.send(Buffer.from('RFB 003.008\n'));
    const count = (await reader.read(1))[0]!;
    const types = [...(await reader.read(count))];
    expect(types).toContain(1);
    ws.send(Buffer.from([1]));
    expect((await reader.read(4)).readUInt32BE(0)).toBe(0);
    ws.send(Buffer.from([1]));
    const init = await reader.read(24);
    expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([1280, 800]);
    await reader.read(init.readUInt32BE(20));
    // FramebufferUpdateRequest (non-incremental) of a 16×16 corner: a FramebufferUpdate (type 0) comes back.
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt8(0, 1);
    request.writeUInt16BE(16, 6);
    request.writeUInt16BE(16, 8);
    ws.send(request);
    expect((await reader.read(1))[0]).toBe(0);
    expect(await viewers()).toHaveLength(1);
    ws.close();
    await waitFor(async () => (await viewers()).length === 0, 'x11vnc to end with its viewer');
  });

  it('closes the viewer when the display stops', async () => {
    const other = await startVirtualDisplay({
      app: 'sketch',
      runId: 'run-display-bridge-2',
      cwd: server.home,
      supervisor: server.engine.supervisor,
      stopGraceMs: 500,
    });
    const ws = open({ cookie }, 'sketch');
    const reader = new Reader(ws);
    expect((await reader.read(12)).toString()).toMatch(/^RFB/);
    await other.stop();
    await waitFor(() => reader.closed !== null, 'the WebSocket to close', 10_000);
    await waitFor(async () => (await viewers()).length === 0, 'x11vnc to end');
  });
});
