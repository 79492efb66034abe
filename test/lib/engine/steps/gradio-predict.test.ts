// gradio.predict against a loopback server speaking Gradio's HTTP API (config, upload, call + SSE result).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

/** Gradio 5's API under /gradio_api: /config, /upload, /call/<name> then /call/<name>/<event_id> (SSE). */
function gradioServer(prefix: string) {
  const calls: Array<{ name: string; data: unknown }> = [];
  const uploads: string[] = [];
  const pending = new Map<string, { name: string; data: unknown[] }>();
  const server = http.createServer((req, res) => {
    let body = Buffer.alloc(0);
    req.on('data', (c: Buffer) => (body = Buffer.concat([body, c])));
    req.on('end', () => {
      const url = req.url ?? '/';
      if (url === '/config') {
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ api_prefix: prefix, protocol: 'sse_v3' }));
      }
      if (url === `${prefix}/upload` && req.method === 'POST') {
        uploads.push(body.toString('latin1'));
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify(['/tmp/gradio/abc/photo.png']));
      }
      const start = new RegExp(`^${prefix}/call/(\\w+)$`).exec(url);
      if (start && req.method === 'POST') {
        const { data } = JSON.parse(body.toString()) as { data: unknown[] };
        calls.push({ name: start[1]!, data });
        const id = `ev${pending.size}`;
        pending.set(id, { name: start[1]!, data });
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ event_id: id }));
      }
      const result = new RegExp(`^${prefix}/call/(\\w+)/(\\w+)$`).exec(url);
      const call = result ? pending.get(result[2]!) : undefined;
      if (call) {
        res.setHeader('content-type', 'text/event-stream');
        if (call.name === 'broken') return res.end('event: error\ndata: "boom"\n\n');
        res.write('event: heartbeat\ndata: null\n\n');
        return res.end(
          `event: complete\ndata: ${JSON.stringify([`${call.name}:${JSON.stringify(call.data)}`])}\n\n`,
        );
      }
      res.statusCode = 404;
      res.end('not found');
    });
  });
  return { server, calls, uploads };
}

let env: RunnerEnv;
let stop: (() => Promise<void>) | null = null;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await stop?.();
  stop = null;
  await env.cleanup();
});

async function serve(prefix: string) {
  const g = gradioServer(prefix);
  await new Promise<void>((r) => g.server.listen(0, '127.0.0.1', r));
  stop = () => new Promise((r) => g.server.close(() => r()));
  return { ...g, origin: `http://127.0.0.1:${(g.server.address() as AddressInfo).port}` };
}

describe('gradio.predict', () => {
  it('calls a named endpoint with JSON args and a local image uploaded first (Gradio 5)', async () => {
    const g = await serve('/gradio_api');
    await env.write('photo.png', 'PNGDATA');
    const file = await env.write('ask.json', {
      run: [
        {
          method: 'gradio.predict',
          params: {
            uri: `${g.origin}/`,
            path: '/answer',
            params: [{ image: 'photo.png' }, 'what?'],
          },
        },
        { method: 'script.return', params: '{{input}}' },
      ],
    });
    const out = await (await env.runner.start(file)).done;
    expect(out.error).toBeUndefined();
    const data = [
      {
        path: '/tmp/gradio/abc/photo.png',
        orig_name: 'photo.png',
        meta: { _type: 'gradio.FileData' },
      },
      'what?',
    ];
    expect(g.calls).toEqual([{ name: 'answer', data }]);
    expect(g.uploads[0]).toContain('PNGDATA');
    expect(out.result).toEqual({
      type: 'data',
      endpoint: '/answer',
      data: [`answer:${JSON.stringify(data)}`],
    });
  });

  it('works with Gradio 4 (no API prefix) and fails the step on an error event', async () => {
    const g = await serve('');
    const ok = await env.write('ok.json', {
      run: [{ method: 'gradio.predict', params: { uri: g.origin, path: 'predict', params: [1] } }],
    });
    expect((await (await env.runner.start(ok)).done).result).toEqual({
      type: 'data',
      endpoint: '/predict',
      data: ['predict:[1]'],
    });
    const bad = await env.write('bad.json', {
      run: [{ method: 'gradio.predict', params: { uri: g.origin, path: '/broken' } }],
    });
    const failed = await (await env.runner.start(bad)).done;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('gradio.predict /broken failed: "boom"');
  });
});
