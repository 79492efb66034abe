// Bodies stream both ways: SSE events arrive one by one, 100 MiB go up and down with flat memory, WebSockets echo.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFront, request, freePort, type Front } from './harness';
import { startSseApp } from '../../fixtures/apps/sse-app';
import { downloadSha256, startBulkApp, type BulkApp } from '../../fixtures/apps/bulk-app';
import { startWsEchoApp } from '../../fixtures/apps/ws-echo-app';
import type { FixtureApp } from '../../fixtures/apps/listen';
import { messageText } from '../../helpers/ws-text';

const MiB = 1024 * 1024;
// Every behaviour holds on both paths: the fast lane (GET/HEAD) and Node's server (what the lane hands over, and TLS).
describe.each([
  ['fast lane', true],
  ["Node's server", false],
])('through the %s', (_path, fastLane) => {
  let front: Front;
  let sse: FixtureApp;
  let bulk: BulkApp;
  let ws: FixtureApp;

  beforeAll(async () => {
    front = await startFront({ fastLane });
    [sse, bulk, ws] = await Promise.all([startSseApp(), startBulkApp(), startWsEchoApp()]);
    front.register('sse', sse.port);
    front.register('bulk', bulk.port);
    front.register('echo', ws.port);
  });

  afterAll(async () => {
    await front.close();
    await Promise.all([sse.close(), bulk.close(), ws.close()]);
  });

  /** Tracks the largest RSS growth above the level at creation, sampled on every chunk. */
  function memoryWatch() {
    const base = process.memoryUsage().rss;
    let peak = 0;
    return {
      sample: () => {
        peak = Math.max(peak, process.memoryUsage().rss - base);
      },
      peak: () => peak,
    };
  }

  describe('server-sent events', () => {
    it('delivers each event as soon as the app sends it', async () => {
      const events: string[] = [];
      let notify: (() => void) | null = null;
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(`${front.url}/apps/sse/events`, { agent: false }, resolve).on('error', reject);
      });
      expect(res.headers['content-type']).toBe('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        for (const line of text.split('\n'))
          if (line.startsWith('data: ')) events.push(line.slice(6));
        notify?.();
      });
      const nextEvent = (count: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`event ${count} did not arrive; got ${events.join(',')}`)),
            5000,
          );
          notify = () => {
            if (events.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          };
        });
      for (const n of [1, 2, 3]) {
        const arrived = nextEvent(n);
        await request(`${sse.url}/next`, { method: 'POST' });
        await arrived;
        expect(events).toHaveLength(n);
      }
      const ended = new Promise((resolve) => res.on('end', resolve));
      await request(`${sse.url}/done`, { method: 'POST' });
      await ended;
      expect(events).toEqual(['event 1', 'event 2', 'event 3', 'bye']);
    });
  });

  describe('big bodies', () => {
    it('streams a 100 MiB download with flat memory', async () => {
      const watch = memoryWatch();
      for (const chunked of ['0', '1']) {
        const hash = createHash('sha256');
        let bytes = 0;
        await new Promise<void>((resolve, reject) => {
          http
            .get(
              `${front.url}/apps/bulk/download?bytes=${100 * MiB}&chunked=${chunked}`,
              { agent: false },
              (res) => {
                res.on('data', (chunk: Buffer) => {
                  bytes += chunk.length;
                  hash.update(chunk);
                  watch.sample();
                });
                res.on('end', resolve);
                res.on('error', reject);
              },
            )
            .on('error', reject);
        });
        expect(bytes).toBe(100 * MiB);
        expect(hash.digest('hex')).toBe(downloadSha256(100 * MiB));
      }
      expect(watch.peak()).toBeLessThan(80 * MiB);
    });

    it('stops pulling from the app while the browser is not reading (backpressure, no buffering)', async () => {
      const before = bulk.stats.written;
      let received = 0;
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get(`${front.url}/apps/bulk/download?bytes=${100 * MiB}`, { agent: false }, resolve)
          .on('error', reject);
      });
      res.pause();
      // Wait (bounded) until the app's writes stall: the proxy must stop reading once the browser stops.
      let last = -1;
      let still = 0;
      for (let i = 0; i < 250 && still < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const now = bulk.stats.written;
        still = now === last ? still + 1 : 0;
        last = now;
      }
      expect(still).toBe(5);
      expect(bulk.stats.written - before).toBeLessThan(32 * MiB);
      // The proxy's read buffers wait on this slow reader; none may be reused before its bytes went out.
      const hash = createHash('sha256');
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
        if (received % (8 * MiB) < chunk.length) {
          res.pause();
          setTimeout(() => res.resume(), 5);
        }
      });
      res.resume();
      await new Promise((resolve) => res.on('end', resolve));
      expect(received).toBe(100 * MiB);
      expect(hash.digest('hex')).toBe(downloadSha256(100 * MiB));
    });

    it('delivers every byte intact to a slow reader while the app sends big and small pieces in turn', async () => {
      const size = 24 * MiB;
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get(`${front.url}/apps/bulk/download?bytes=${size}&mixed=1`, { agent: false }, resolve)
          .on('error', reject);
      });
      const hash = createHash('sha256');
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
        // Short stalls fill the socket's buffers, so the proxy's writes queue while it keeps reading.
        if (received % (256 * 1024) < chunk.length) {
          res.pause();
          setTimeout(() => res.resume(), 1);
        }
      });
      await new Promise((resolve, reject) => {
        res.on('end', resolve);
        res.on('error', reject);
      });
      expect(received).toBe(size);
      expect(hash.digest('hex')).toBe(downloadSha256(size));
    });

    it('streams a 100 MiB upload with flat memory', async () => {
      const watch = memoryWatch();
      const chunk = Buffer.alloc(256 * 1024, 'y');
      const total = 100 * MiB;
      const expected = createHash('sha256');
      const result = await new Promise<string>((resolve, reject) => {
        const req = http.request(
          `${front.url}/apps/bulk/upload`,
          { method: 'POST', agent: false, headers: { 'content-length': total } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            expected.update(chunk);
            watch.sample();
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(JSON.parse(result)).toEqual({ bytes: total, sha256: expected.digest('hex') });
      expect(watch.peak()).toBeLessThan(80 * MiB);
    });
  });

  describe('WebSockets', () => {
    function open(url: string) {
      const socket = new WebSocket(url);
      const messages: string[] = [];
      const waiters: Array<() => void> = [];
      socket.on('message', (data) => {
        messages.push(messageText(data));
        waiters.splice(0).forEach((w) => w());
      });
      const next = (count: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no message ${count}: ${messages.join('|')}`)),
            5000,
          );
          const check = () =>
            messages.length >= count ? (clearTimeout(timer), resolve()) : waiters.push(check);
          check();
        });
      return { socket, messages, next };
    }

    it('echoes messages through /apps/<name>/ with the prefix header', async () => {
      const client = open(`ws://127.0.0.1:${front.port}/apps/echo/ws`);
      await client.next(1);
      expect(client.messages[0]).toBe('prefix /apps/echo');
      client.socket.send('ping');
      await client.next(2);
      expect(client.messages[1]).toBe('echo: ping');
      const big = 'z'.repeat(2 * MiB);
      client.socket.send(big);
      await client.next(3);
      expect(client.messages[2]).toBe(`echo: ${big}`);
      client.socket.close();
    });

    it('routes a root-absolute WebSocket by its Referer, when the browser sends one', async () => {
      const client = new WebSocket(`ws://127.0.0.1:${front.port}/ws`, {
        headers: { referer: `http://127.0.0.1:${front.port}/apps/echo/` },
      });
      const first = await new Promise<string>((resolve, reject) => {
        client.once('message', (data) => resolve(messageText(data)));
        client.once('error', reject);
      });
      expect(first).toBe('prefix /apps/echo');
      client.close();
    });

    it('relays the app refusing an upgrade, and refuses upgrades to apps that are down', async () => {
      const refused = (url: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(url);
          socket.on('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
            socket.terminate();
          });
          socket.on('error', () => resolve(-1));
        });
      expect(await refused(`ws://127.0.0.1:${front.port}/apps/echo/nope`)).toBe(404);
      expect(await refused(`ws://127.0.0.1:${front.port}/apps/nothing/ws`)).toBe(502);
      front.register('gone', await freePort());
      expect(await refused(`ws://127.0.0.1:${front.port}/apps/gone/ws`)).toBe(502);
    });

    it('closes spliced sockets when the proxy closes', async () => {
      const other = await startFront({ fastLane });
      other.register('echo', ws.port);
      const client = open(`ws://127.0.0.1:${other.port}/apps/echo/ws`);
      await client.next(1);
      const closed = new Promise((resolve) => client.socket.on('close', resolve));
      await other.close();
      await closed;
    });
  });
});
