// process.wait, net, exec, env.set, notify/web.open/browser.open, script.stop/ready/restart, queue and the registry.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_ONLY,
  knownMethods,
  STEP_DESCRIPTORS,
} from '../../../../lib/engine/steps/registry';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

let env: RunnerEnv;
let server: http.Server | null = null;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
  if (server) await new Promise((r) => server!.close(r));
  server = null;
});

async function listen(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function result(rel: string, content: unknown) {
  const file = await env.write(rel, content);
  const out = await (await env.runner.start(file)).done;
  if (out.status !== 'finished') throw new Error(`${out.status}: ${out.error?.message}`);
  return out.result;
}

describe('step methods', () => {
  it('net sends JSON and returns parsed JSON; process.wait url waits for the server', async () => {
    const url = await listen((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, got: body ? JSON.parse(body) : null }));
      });
    });
    const out = await result('net.json', {
      run: [
        { method: 'process.wait', params: { url, interval: 0.05 } },
        { method: 'net', params: { url: `${url}/x`, method: 'post', data: { a: 1 } } },
      ],
    });
    expect(out).toEqual({ method: 'POST', got: { a: 1 } });
  });

  it('process.wait sec waits that long; an indefinite wait ends when the run stops', async () => {
    const t0 = Date.now();
    await result('w.json', { run: [{ method: 'process.wait', params: { sec: 0.2 } }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    const file = await env.write('forever.json', {
      run: [{ method: 'log', params: { text: 'waiting' } }, { method: 'process.wait' }],
    });
    const stepped = env.waitFor('run:step', (e) => e.method === 'process.wait');
    const { runId, done } = await env.runner.start(file);
    await stepped;
    await env.runner.stop(runId);
    expect((await done).status).toBe('stopped');
  });

  it('exec returns stdout and stderr without failing on a non-zero exit', async () => {
    const out = (await result('exec.json', {
      run: [{ method: 'exec', params: { message: 'echo out; echo err >&2; exit 2' } }],
    })) as Record<string, string>;
    expect(out.stdout).toBe('out\n');
    expect(out.stderr).toBe('err\n');
    expect(out.error).toMatch(/Command failed/);
  });

  it('env.set writes the app ENVIRONMENT and later steps see it in env', async () => {
    await env.write('ENVIRONMENT', '# keep me\nOTHER=1\n');
    const out = await result('env.json', {
      run: [
        { method: 'env.set', params: { MY_KEY: 'a b' } },
        { method: 'script.return', params: 'got {{env.MY_KEY}}-{{envs.OTHER}}' },
      ],
    });
    expect(out).toBe('got a b-1');
    expect(await readFile(path.join(env.appDir, 'ENVIRONMENT'), 'utf8')).toBe(
      '# keep me\nOTHER=1\nMY_KEY="a b"\n',
    );
  });

  it('notify, notify on a step, web.open and browser.open become events for the UI', async () => {
    const notes: string[] = [];
    const opens: string[] = [];
    const offN = env.bus.on('run:notify', (e) => notes.push(e.html ?? ''));
    const offW = env.bus.on('run:web-open', (e) => opens.push(`${e.target}:${e.uri}`));
    await result('ui.json', {
      run: [
        { method: 'notify', params: { html: 'hello' } },
        { method: 'log', params: { text: 'x' }, notify: true },
        { method: 'web.open', params: { uri: 'http://127.0.0.1:1/' } },
        { method: 'browser.open', params: { uri: 'http://127.0.0.1:2/' } },
      ],
    });
    offN();
    offW();
    expect(notes).toEqual(['hello', 'Step 2 finished']);
    expect(opens).toEqual(['web:http://127.0.0.1:1/', 'browser:http://127.0.0.1:2/']);
  });

  it('script.ready, script.stop and script.restart act on another script', async () => {
    const daemon = await env.write('srv.json', {
      daemon: true,
      run: [{ method: 'local.set', params: { started: '{{Date.now()}}' } }],
    });
    const out = await result('ctl.json', {
      run: [
        { method: 'script.start', params: { uri: 'srv.json' } },
        { method: 'script.ready', params: { uri: 'srv.json' }, returns: 'local.readyBefore' },
        { method: 'script.stop', params: { uri: 'srv.json' } },
        { method: 'script.ready', params: { uri: 'srv.json' }, returns: 'local.readyAfter' },
        { method: 'script.restart', params: { uri: 'srv.json' } },
        { method: 'script.return', params: ['{{local.readyBefore}}', '{{local.readyAfter}}'] },
      ],
    });
    expect(out).toEqual([true, false]);
    expect(env.runner.isRunning(daemon)).toBe(true);
    const runs = env.runner.list().filter((r) => r.script === daemon);
    expect(runs.map((r) => r.status)).toEqual(['stopped', 'running']);
  });

  it('queue: true runs steps of the same method one at a time across runs', async () => {
    const step = {
      method: 'shell.run',
      queue: true,
      params: {
        message: 'echo start-$$ >> ../order.txt; sleep 0.2; echo end-$$ >> ../order.txt',
        path: 'q',
      },
    };
    const a = await env.write('qa.json', { run: [step] });
    const b = await env.write('qb.json', { run: [step] });
    const [ra, rb] = await Promise.all([env.runner.start(a), env.runner.start(b)]);
    await Promise.all([ra.done, rb.done]);
    const lines = (await readFile(path.join(env.appDir, 'order.txt'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => l.split('-')[0]);
    expect(lines).toEqual(['start', 'end', 'start', 'end']);
  });

  it('the registry knows runnable, desktop-only and download methods', () => {
    const known = knownMethods();
    for (const name of [
      'shell.run',
      'local.set',
      'script.start',
      'fs.download',
      'fs.link',
      'hf.download',
      'filepicker.open',
      'input',
      'jump',
    ]) {
      expect(known).toContain(name);
    }
    expect(Object.keys(DESKTOP_ONLY)).toContain('clipboard.copy');
    expect(STEP_DESCRIPTORS['clipboard.copy']!.desktopOnly).toBe(DESKTOP_ONLY['clipboard.copy']);
  });
});
