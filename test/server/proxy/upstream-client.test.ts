// The raw upstream client: keep-alive reuse, chunked and close-delimited bodies, 1xx, bodiless answers, broken apps.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, type Front } from './harness';
import { startRawHttpApp, type RawHttpApp } from '../../fixtures/apps/raw-http-app';
import { startBulkApp, type BulkApp } from '../../fixtures/apps/bulk-app';
import { listen, send } from '../../fixtures/apps/listen';
import { ResponseParser, type ParsedHead } from '../../../lib/http/response-parser';

let front: Front;
let raw: RawHttpApp;
let bulk: BulkApp;

beforeAll(async () => {
  front = await startFront();
  [raw, bulk] = await Promise.all([startRawHttpApp(), startBulkApp()]);
  front.register('raw', raw.port);
  front.register('bulk', bulk.port);
});

afterAll(async () => {
  await front.close();
  await Promise.all([raw.close(), bulk.close()]);
});

describe('response framing', () => {
  it('relays a chunked body split across reads, dropping its trailers and a conflicting Content-Length', async () => {
    const res = await request(`${front.url}/apps/raw/chunked`);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body).toBe('hello world');
  });

  it('skips 1xx interim answers, relays 204 and HEAD without a body, and reads HTTP/1.0 bodies until close', async () => {
    const hints = await request(`${front.url}/apps/raw/early-hints`);
    expect([hints.status, hints.body]).toEqual([200, 'ok']);
    const empty = await request(`${front.url}/apps/raw/no-content`);
    expect([empty.status, empty.headers['x-empty'], empty.body]).toEqual([204, 'yes', '']);
    const head = await request(`${front.url}/apps/raw/early-hints`, { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
    const untilClose = await request(`${front.url}/apps/raw/until-close`);
    expect(untilClose.body).toBe('all of it until close');
  });

  it('cuts the browser connection when the app dies mid-body, and answers 502 to garbage', async () => {
    const complete = await new Promise<boolean>((resolve, reject) => {
      http
        .get(`${front.url}/apps/raw/truncated`, { agent: false }, (res) => {
          res.on('data', () => undefined);
          res.on('close', () => resolve(res.complete));
          res.on('error', () => undefined);
        })
        .on('error', reject);
    });
    expect(complete).toBe(false);
    const garbage = await request(`${front.url}/apps/raw/garbage`, {
      headers: { accept: 'application/json' },
    });
    expect(garbage.status).toBe(502);
  });

  it('parses any split of a chunked response identically', () => {
    const wire = Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3\r\nabc\r\na;ext=1\r\n0123456789\r\n0\r\n\r\n',
    );
    for (let step = 1; step <= wire.length; step += 1) {
      const body: Buffer[] = [];
      let head: ParsedHead | null = null;
      let ended = false;
      const parser = new ResponseParser('GET', {
        head: (h) => (head = h),
        body: (b) => body.push(Buffer.from(b)),
        end: () => (ended = true),
      });
      for (let at = 0; at < wire.length; at += step) parser.execute(wire.subarray(at, at + step));
      expect(Buffer.concat(body).toString()).toBe('abc0123456789');
      expect(ended).toBe(true);
      expect(head!.rawHeaders).toEqual(['Transfer-Encoding', 'chunked', 'X-A', 'b']);
      expect(parser.keepAlive).toBe(true);
    }
  });
});

describe('connections to the app', () => {
  it('reuses one keep-alive connection for consecutive requests', async () => {
    const app = await listen((req, res) =>
      send(res, 200, 'text/plain', `${req.socket.remotePort}`),
    );
    front.register('reuse', app.port);
    const ports = new Set<string>();
    for (let i = 0; i < 5; i += 1) ports.add((await request(`${front.url}/apps/reuse/`)).body);
    expect(ports.size).toBe(1);
    await app.close();
  });

  it('keeps working when the app restarts on the same port', async () => {
    const first = await listen((_req, res) => send(res, 200, 'text/plain', 'first'));
    front.register('restart', first.port);
    expect((await request(`${front.url}/apps/restart/`)).body).toBe('first');
    await first.close();
    const second = await listen((_req, res) => send(res, 200, 'text/plain', 'second'), first.port);
    expect((await request(`${front.url}/apps/restart/`)).body).toBe('second');
    await second.close();
  });

  it('forwards a chunked upload re-framed as chunked', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${front.url}/apps/bulk/upload`,
        { method: 'POST', agent: false },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.write('a'.repeat(1000));
      req.end('b'.repeat(500));
    });
    expect(JSON.parse(body).bytes).toBe(1500);
  });
});
