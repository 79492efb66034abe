import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createSessionStore } from '../../../server/auth';
import { within } from '../../helpers/within';
import {
  PASSWORD,
  TOKEN,
  loginCookie,
  request,
  rpc,
  startSecureServer,
  type SecureServer,
} from './security-helpers';

let server: SecureServer;
const open: Socket[] = [];

beforeAll(async () => {
  server = await startSecureServer({
    env: { HANGAR_TOKEN: TOKEN, HANGAR_PASSWORD: PASSWORD },
    auth: { rateLimit: { perMinute: 1000, perHour: 1000 } },
  });
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await server.stop();
});

interface Watched {
  socket: Socket;
  /** Resolves with the disconnect reason, and whether `session:ended` came first. */
  ended: Promise<{ reason: string; told: boolean }>;
}

async function connected(
  headers: Record<string, string>,
  transport: 'websocket' | 'polling' = 'websocket',
): Promise<Watched> {
  const socket = connect(server.url, {
    path: '/_hangar/socket.io',
    transports: [transport],
    extraHeaders: headers,
    reconnection: false,
    timeout: 5000,
  });
  open.push(socket);
  let told = false;
  socket.on('session:ended', () => (told = true));
  const ended = new Promise<{ reason: string; told: boolean }>((resolve) =>
    socket.on('disconnect', (reason) => resolve({ reason, told })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, ended };
}

/** A round trip the server answers only while the socket is alive and its messages are handled. */
async function answers(socket: Socket): Promise<boolean> {
  try {
    const reply = (await socket
      .timeout(1500)
      .emitWithAck('run:subscribe', { runId: 'no-such-run' })) as { error?: string };
    return typeof reply.error === 'string';
  } catch {
    // No ack in time: the server dropped the message.
    return false;
  }
}

const logout = (cookie: string) =>
  request(server.port, {
    path: '/_hangar/logout',
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
  });

describe('long-lived connections end with their login session', () => {
  it('a logout disconnects that session’s sockets (WebSocket and polling) after telling the page; other sessions and the token stay', async () => {
    const mine = await loginCookie(server.port, { password: PASSWORD });
    const other = await loginCookie(server.port, { password: PASSWORD });
    const ws = await connected({ cookie: mine });
    const polling = await connected({ cookie: mine }, 'polling');
    const bystander = await connected({ cookie: other });
    const scripted = await connected({ authorization: `Bearer ${TOKEN}` });
    expect(await answers(ws.socket)).toBe(true);

    expect((await logout(mine)).status).toBe(200);
    expect(await within(ws.ended, 'the WebSocket disconnect')).toEqual({
      reason: 'io server disconnect',
      told: true,
    });
    expect(await within(polling.ended, 'the polling disconnect')).toEqual({
      reason: 'io server disconnect',
      told: true,
    });
    expect(await answers(bystander.socket)).toBe(true);
    expect(await answers(scripted.socket)).toBe(true);
    // The ended session cannot open a new socket either.
    await expect(connected({ cookie: mine })).rejects.toThrow();
  });

  it('a password change disconnects every session’s sockets, but not the bearer token’s', async () => {
    const first = await connected({
      cookie: await loginCookie(server.port, { password: PASSWORD }),
    });
    const second = await connected({
      cookie: await loginCookie(server.port, { password: PASSWORD }),
    });
    const scripted = await connected({ authorization: `Bearer ${TOKEN}` });
    const changed = await rpc(
      server.port,
      'auth.setPassword',
      { password: 'a brand new passphrase', currentPassword: PASSWORD },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(JSON.parse(changed.body)).toMatchObject({ result: { ok: true } });
    expect((await within(first.ended, 'the first disconnect')).reason).toBe('io server disconnect');
    expect((await within(second.ended, 'the second disconnect')).reason).toBe(
      'io server disconnect',
    );
    expect(await answers(scripted.socket)).toBe(true);
  });
});

describe('a session that ends between the handshake and the connection', () => {
  it('gets no live connection: the Socket.IO connect is answered with session:ended and a disconnect', async () => {
    // The token: the password changed in the test before.
    const cookie = await loginCookie(server.port, { token: TOKEN });
    const base = '/_hangar/socket.io/?EIO=4&transport=polling';
    const handshake = await request(server.port, { path: base, headers: { cookie } });
    expect(handshake.status).toBe(200);
    const sid = (JSON.parse(handshake.body.slice(1)) as { sid: string }).sid;
    expect((await logout(cookie)).status).toBe(200);
    const connect = await request(server.port, {
      path: `${base}&sid=${sid}`,
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' },
      body: '40',
    });
    expect(connect.body).toBe('ok');
    const answer = await request(server.port, { path: `${base}&sid=${sid}`, headers: { cookie } });
    expect(answer.body).toContain('42["session:ended"]');
    expect(answer.body).not.toContain('"hello"');
  });
});

describe('session ties (the store)', () => {
  it('runs a tie once when its session is revoked, all ties on revokeAll, none once untied, and refuses dead ids', () => {
    const sessions = createSessionStore();
    const a = sessions.create('127.0.0.1');
    const b = sessions.create('127.0.0.1');
    const ended: string[] = [];
    sessions.tie(a, () => ended.push('a1'));
    const untie = sessions.tie(a, () => ended.push('a2'));
    sessions.tie(b, () => ended.push('b'));
    untie?.();
    sessions.revoke(a);
    sessions.revoke(a);
    expect(ended).toEqual(['a1']);
    sessions.revokeAll();
    expect(ended).toEqual(['a1', 'b']);
    expect(sessions.tie(a, () => ended.push('late'))).toBeNull();
    expect(sessions.tie('not-a-session', () => ended.push('forged'))).toBeNull();
    expect(ended).toEqual(['a1', 'b']);
  });

  it('a tied session does not idle out (an open connection is activity); its idle time starts when the last tie goes', () => {
    let now = 0;
    const sessions = createSessionStore({ ttlMs: 100_000, idleMs: 4_000, now: () => now });
    const id = sessions.create('127.0.0.1');
    const ended: string[] = [];
    const untie = sessions.tie(id, () => ended.push('tie'));
    now = 50_000;
    expect(sessions.touch(id)).toBe(true);
    now = 60_000;
    untie?.();
    now = 63_000;
    expect(sessions.touch(id)).toBe(true);
    now = 67_001;
    expect(sessions.touch(id)).toBe(false);
    expect(ended).toEqual([]);
  });

  it('ends a tied session at its lifetime, found by the sweep without any request', async () => {
    let now = 0;
    const sessions = createSessionStore({
      ttlMs: 10_000,
      idleMs: 8_000,
      now: () => now,
      sweepMs: 20,
    });
    const old = sessions.create('127.0.0.1');
    now = 5_000;
    const young = sessions.create('127.0.0.1');
    const ended: string[] = [];
    const gone = new Promise<void>((resolve) =>
      sessions.tie(old, () => (ended.push('old'), resolve())),
    );
    const untieYoung = sessions.tie(young, () => ended.push('young'));
    now = 10_000;
    await within(gone, 'the sweep ending the old session');
    expect(ended).toEqual(['old']);
    expect(sessions.touch(young)).toBe(true);
    untieYoung?.();
  });
});

describe('a socket whose session expired unnoticed', () => {
  it('is disconnected at its next message, which is never handled', async () => {
    let now = Date.now();
    const short = await startSecureServer({
      env: { HANGAR_TOKEN: TOKEN },
      auth: { sessions: { ttlMs: 60_000, now: () => now } },
    });
    try {
      const cookie = await loginCookie(short.port, { token: TOKEN });
      const socket = connect(short.url, {
        path: '/_hangar/socket.io',
        transports: ['websocket'],
        extraHeaders: { cookie },
        reconnection: false,
      });
      open.push(socket);
      const ended = new Promise<string>((resolve) =>
        socket.on('disconnect', (reason) => resolve(reason)),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('hello', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(await answers(socket)).toBe(true);
      now += 61_000;
      expect(await answers(socket)).toBe(false);
      expect(await within(ended, 'the disconnect')).toBe('io server disconnect');
    } finally {
      await short.stop();
    }
  });
});
