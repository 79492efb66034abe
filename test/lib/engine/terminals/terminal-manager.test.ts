// Terminal sessions: live over socket.io, resize, venv, end on close/exit/shutdown, and screen restore on reconnect.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Terminal } from '@xterm/headless';
import { Server as IOServer } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { TerminalManager } from '../../../../lib/engine/terminals/terminal-manager';
import type { TerminalExitEvent } from '../../../../lib/shared/events';
import { descendants, waitFor } from '../../../helpers/processes';
import { closeIo } from '../../../helpers/close-io';

let dir: string;
let bus: EventBus;
let terminals: TerminalManager;
let http: HttpServer;
let ioServer: IOServer;
let url: string;
const clients: Socket[] = [];
const shell = { file: 'bash', args: ['--noprofile', '--norc', '-i'] };
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PS1: '$ ', HOME: os.tmpdir() };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-term-'));
  bus = new EventBus();
  terminals = new TerminalManager({ bus, shell, env });
  http = createServer();
  ioServer = new IOServer(http, { path: '/_hangar/socket.io' });
  // The bridge the server layer will provide: attach = snapshot then live data; input and resize pass through.
  ioServer.on('connection', (socket) => {
    socket.on('terminal:attach', async ({ id }: { id: string }, ack: (snap: unknown) => void) => {
      const snap = await terminals.snapshot(id);
      await socket.join(`t:${id}`);
      ack(snap);
    });
    socket.on('terminal:input', ({ id, data }: { id: string; data: string }) =>
      terminals.write(id, data),
    );
    socket.on('terminal:resize', ({ id, cols, rows }: { id: string; cols: number; rows: number }) =>
      terminals.resize(id, cols, rows),
    );
  });
  bus.on('terminal:data', (e) => ioServer.to(`t:${e.id}`).emit('terminal:data', e));
  bus.on('terminal:exit', (e) => ioServer.to(`t:${e.id}`).emit('terminal:exit', e));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await terminals.dispose();
  await closeIo(ioServer);
  await waitFor(async () => (await descendants()).length === 0, 'no process left');
  await rm(dir, { recursive: true, force: true });
});

async function client(): Promise<Socket> {
  const socket = connect(url, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
    forceNew: true,
  });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

/** Collects the terminal output a client sees. */
function output(socket: Socket): { text: () => string } {
  let text = '';
  socket.on('terminal:data', (e: { data: string }) => (text += e.data));
  return { text: () => text };
}

async function screenLines(data: string, cols: number, rows: number): Promise<string[]> {
  const term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const lines: string[] = [];
  for (let i = 0; i < term.buffer.active.length; i += 1)
    lines.push(term.buffer.active.getLine(i)!.translateToString(true));
  term.dispose();
  return lines;
}

describe('TerminalManager', () => {
  it('streams a shell over socket.io and restores the screen to a client that reconnects', async () => {
    const { id } = terminals.open({ cwd: dir, cols: 80, rows: 24 });
    const first = await client();
    const seen = output(first);
    await new Promise((resolve) => first.emit('terminal:attach', { id }, resolve));
    first.emit('terminal:input', { id, data: 'echo hello-$((40+2))\r' });
    await waitFor(() => seen.text().includes('hello-42'), 'the echo');
    first.disconnect();
    terminals.write(id, 'echo while-$((1+1))-away\r');
    await waitFor(
      async () => (await terminals.snapshot(id)).data.includes('while-2-away'),
      'output while nobody watched',
    );

    const second = await client();
    const live = output(second);
    const snap = (await new Promise((resolve) =>
      second.emit('terminal:attach', { id }, resolve),
    )) as { data: string; cols: number; rows: number };
    const lines = await screenLines(snap.data, snap.cols, snap.rows);
    expect(lines).toContain('hello-42');
    expect(lines).toContain('while-2-away');
    second.emit('terminal:input', { id, data: 'echo back-$((2*3))\r' });
    await waitFor(() => live.text().includes('back-6'), 'live output after reconnect');
  });

  it('resizes the pseudo-terminal', async () => {
    const { id } = terminals.open({ cwd: dir, cols: 80, rows: 24 });
    let out = '';
    bus.on('terminal:data', (e) => e.id === id && (out += e.data));
    terminals.resize(id, 132, 40);
    terminals.write(id, 'stty size\r');
    await waitFor(() => out.includes('40 132'), 'stty to report the new size');
    expect(terminals.list()[0]).toMatchObject({ id, cols: 132, rows: 40, cwd: dir });
  });

  it('opens in an app folder with its venv activated', async () => {
    const { id } = terminals.open({ cwd: dir, venv: 'env' });
    let out = '';
    bus.on('terminal:data', (e) => e.id === id && (out += e.data));
    terminals.write(id, 'echo "V=$VIRTUAL_ENV P=${PATH%%:*} D=$PWD"\r');
    await waitFor(() => out.includes('V=/'), 'the echo');
    expect(out).toContain(`V=${path.join(dir, 'env')} P=${path.join(dir, 'env', 'bin')} D=${dir}`);
  });

  it('ends sessions on close, on shell exit and on dispose, reporting each exit', async () => {
    const exits: TerminalExitEvent[] = [];
    bus.on('terminal:exit', (e) => exits.push(e));
    const a = terminals.open({ cwd: dir });
    const b = terminals.open({ cwd: dir });
    const c = terminals.open({ cwd: dir });
    terminals.write(a.id, 'sleep 300 &\r');
    await terminals.close(a.id);
    terminals.write(b.id, 'exit 7\r');
    await waitFor(() => exits.some((e) => e.id === b.id), 'the shell to exit');
    expect(exits.find((e) => e.id === b.id)?.exitCode).toBe(7);
    expect(terminals.list().map((t) => t.id)).toEqual([c.id]);
    await terminals.dispose();
    await waitFor(() => exits.length === 3, 'all exits');
    expect(() => terminals.write(c.id, 'x')).toThrow(
      expect.objectContaining({ code: 'terminal_not_found' }),
    );
    expect(() => terminals.open({ cwd: dir })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });

  it('refuses a folder that does not exist', () => {
    expect(() => terminals.open({ cwd: path.join(dir, 'nope') })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});
