// proxy.*, env.switch, import/local.import, tab.open, web.close, web.expose and loading.* in real runs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../../lib/engine/steps/env-file';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(() => env.cleanup());

async function result(rel: string, content: unknown) {
  const file = await env.write(rel, content);
  const out = await (await env.runner.start(file)).done;
  if (out.status !== 'finished') throw new Error(`${out.status}: ${out.error?.message}`);
  return out.result;
}

describe('Pinokio parity methods', () => {
  it('proxy.start and proxy.stop are deprecated no-ops: a log line, and the script goes on', async () => {
    const out = await result('share.json', {
      run: [
        { method: 'proxy.start', params: { uri: 'http://127.0.0.1:7860', name: 'Local Sharing' } },
        { method: 'proxy.stop', params: { uri: 'http://127.0.0.1:7860' } },
        { method: 'script.return', params: 'after' },
      ],
    });
    expect(out).toBe('after');
    const text = env.logs.join('');
    expect(text).toContain('proxy.start is deprecated in Pinokio and ignored');
    expect(text).toContain('proxy.stop is deprecated in Pinokio and ignored');
  });

  it('env.switch starts a new key at its first option, cycles a known one and leaves others alone', async () => {
    await writeFile(path.join(env.appDir, 'ENVIRONMENT'), '# toggles\nMODE=a\nOTHER=zzz\n');
    const script = {
      run: [
        {
          method: 'env.switch',
          params: { MODE: ['a', 'b', 'c'], NEW: [true, false], OTHER: ['a', 'b'] },
        },
      ],
    };
    const read = async () =>
      parseDotenv(await readFile(path.join(env.appDir, 'ENVIRONMENT'), 'utf8'));
    expect(await result('toggle.json', script)).toEqual({ MODE: 'b', NEW: 'true' });
    expect(await read()).toEqual({ MODE: 'b', OTHER: 'zzz', NEW: 'true' });
    await result('toggle.json', script);
    expect(await read()).toMatchObject({ MODE: 'c', NEW: 'false' });
    await result('toggle.json', script);
    expect(await read()).toMatchObject({ MODE: 'a', NEW: 'true', OTHER: 'zzz' });
    expect(await readFile(path.join(env.appDir, 'ENVIRONMENT'), 'utf8')).toMatch(/^# toggles\n/);
    const bad = await env.write('bad.json', {
      run: [{ method: 'env.switch', params: { MODE: 'a' } }],
    });
    const failed = await (await env.runner.start(bad)).done;
    expect(failed.error?.message).toMatch(/env.switch param "MODE": /);
  });

  it('local.import and import read the local variables of a running script', async () => {
    const server = await env.write('server.json', {
      daemon: true,
      run: [
        { method: 'local.set', params: { url: 'http://127.0.0.1:9999', n: 1 } },
        { method: 'process.wait' },
      ],
    });
    const { runId } = await env.runner.start(server);
    await env.waitFor('run:step', (e) => e.runId === runId && e.index === 1);
    const out = await result('sub/client.json', {
      run: [
        { method: 'import', params: { srv: '../server.json', none: '../absent.json' } },
        { method: 'local.set', params: { imported: '{{input}}' } },
        { method: 'local.import', params: { srv: '../server.json' } },
        {
          method: 'script.return',
          params: { url: '{{local.srv.url}}', via: '{{local.imported}}' },
        },
      ],
    });
    expect(out).toEqual({
      url: 'http://127.0.0.1:9999',
      via: { srv: { url: 'http://127.0.0.1:9999', n: 1 }, none: {} },
    });
    await env.runner.stop(runId);
  });

  it('tab.open opens the page in the dashboard; web.close and loading.* log; web.expose sets local.url', async () => {
    const opens: string[] = [];
    env.bus.on('run:web-open', (e) => void opens.push(`${e.target}:${e.uri}`));
    const out = await result('ui.json', {
      run: [
        { method: 'loading.start', params: { title: 'Preparing' } },
        { method: 'tab.open', params: { url: 'http://127.0.0.1:7860/docs', target: '_blank' } },
        { method: 'web.close' },
        { method: 'web.expose', params: { uri: 'http://127.0.0.1:7860' } },
        { method: 'loading.end' },
        { method: 'script.return', params: '{{local.url}}' },
      ],
    });
    expect(out).toBe('http://127.0.0.1:7860');
    expect(opens).toEqual(['web:http://127.0.0.1:7860/docs']);
    const text = env.logs.join('');
    expect(text).toContain('[loading start] Preparing');
    expect(text).toContain('[loading end]');
    expect(text).toContain('web.close: the page is a tab of your browser');
    expect(text).toContain('[Exposing Web URL] /apps/demo/ => http://127.0.0.1:7860');
    const bad = await env.write('expose.json', {
      run: [{ method: 'web.expose', params: { uri: 'not a url' } }],
    });
    expect((await (await env.runner.start(bad)).done).error?.message).toMatch(
      /web.expose param "uri": expected an http\(s\) URL/,
    );
  });
});
