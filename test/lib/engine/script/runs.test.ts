// The script runner runs Pinokio steps: templates, flow, returns, input, logs, daemons and stop.
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunLogEvent } from '../../../../lib/shared/events';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

describe('ScriptRunner', () => {
  it('passes typed whole-string templates, self references and returns between steps', async () => {
    const file = await env.write('a.json', {
      animals: ['cat', 'dog'],
      run: [
        {
          method: 'local.set',
          params: {
            count: '{{self.animals.length}}',
            list: '{{self.animals}}',
            text: 'n={{self.animals.length}}',
          },
        },
        {
          method: 'script.return',
          params: {
            count: '{{local.count}}',
            kind: '{{typeof local.count}}',
            list: '{{local.list}}',
            text: '{{local.text}}',
          },
          returns: 'local.saved',
        },
      ],
    });
    const { done } = await env.runner.start(file);
    const result = await done;
    expect(result.status).toBe('finished');
    expect(result.result).toEqual({ count: 2, kind: 'number', list: ['cat', 'dog'], text: 'n=2' });
  });

  it('feeds launch params as input and args, and each result as the next input', async () => {
    const file = await env.write('b.json', {
      run: [
        { method: 'jump', params: { index: 1, params: { from: 'jump', first: '{{input.name}}' } } },
        { method: 'script.return', params: { input: '{{input}}', args: '{{args.name}}' } },
      ],
    });
    const result = await (await env.runner.start(file, { params: { name: 'ada' } })).done;
    expect(result.result).toEqual({ input: { from: 'jump', first: 'ada' }, args: 'ada' });
  });

  it('skips steps whose when is false or undefined and follows next by id, index and null', async () => {
    const file = await env.write('c.json', {
      run: [
        { method: 'local.set', params: { trail: 'a' }, next: 'last' },
        { method: 'local.set', params: { trail: 'skipped' } },
        {
          id: 'last',
          method: 'local.set',
          params: { trail: '{{local.trail}}b' },
          when: '{{local.trail === "a"}}',
        },
        { method: 'local.set', params: { trail: 'never' }, when: '{{local.missing}}' },
        { method: 'script.return', params: '{{local.trail}}', next: null },
        { method: 'local.set', params: { trail: 'after-null' } },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.result).toBe('ab');
  });

  it('keeps {{{ }}} escapes as {{ }} text and leaves out-of-scope names unrendered', async () => {
    const file = await env.write('d.json', {
      run: [
        {
          method: 'script.return',
          params: { escaped: '{{{ input.x }}}', event: '{{event.matches[0]}}', mixed: 'v{{1+1}}' },
        },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.result).toEqual({
      escaped: '{{ input.x }}',
      event: '{{event.matches[0]}}',
      mixed: 'v2',
    });
  });

  it('blocks on input until respond is called, emitting run:input with the form', async () => {
    const file = await env.write('e.json', {
      run: [
        { method: 'input', params: { title: 'Key?', form: [{ key: 'apiKey', title: 'API key' }] } },
        { method: 'script.return', params: '{{input.apiKey}}' },
      ],
    });
    const asked = env.waitFor('run:input', (e) => e.title === 'Key?');
    const { runId, done } = await env.runner.start(file);
    const event = await asked;
    expect(event.runId).toBe(runId);
    expect(event.form).toEqual([{ key: 'apiKey', title: 'API key' }]);
    expect(env.runner.get(runId).status).toBe('waiting');
    expect(env.runner.get(runId).pendingInput?.requestId).toBe(event.requestId);
    env.runner.respond(runId, { apiKey: 'secret-1' });
    expect((await done).result).toBe('secret-1');
    expect(() => env.runner.respond(runId, {})).toThrow(/not waiting/);
  });

  it('stopping a run waiting for input cancels it and reports stopped', async () => {
    const file = await env.write('f.json', {
      run: [{ method: 'input', params: { title: 'wait' } }],
    });
    const asked = env.waitFor('run:input', () => true);
    const { runId, done } = await env.runner.start(file);
    await asked;
    await env.runner.stop(runId);
    expect((await done).status).toBe('stopped');
    expect(env.runner.get(runId).status).toBe('stopped');
  });

  it('numbers log entries per run, pages them by sinceSeq and writes them to logs/runs', async () => {
    const file = await env.write('g.json', {
      run: [1, 2, 3, 4, 5].map((n) => ({ method: 'log', params: { text: `line ${n}` } })),
    });
    const seen: RunLogEvent[] = [];
    const off = env.bus.on('run:log', (e) => seen.push(e));
    const { runId, done } = await env.runner.start(file);
    await done;
    off();
    const mine = seen.filter((e) => e.runId === runId);
    expect(mine.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const page = env.runner.logs(runId, { sinceSeq: 2, limit: 2 });
    expect(page.entries.map((e) => e.data)).toEqual(['line 3\n', 'line 4\n']);
    expect(page.lastSeq).toBe(5);
    const text = await readFile(env.runner.get(runId).logFile, 'utf8');
    expect(text).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
    expect(env.runner.get(runId).logFile.startsWith(env.home.logs)).toBe(true);
  });

  it('script.start runs a second script with params and returns its script.return value', async () => {
    await env.write('child.json', {
      run: [
        { method: 'local.set', params: { doubled: '{{input.n * 2}}' } },
        { method: 'script.return', params: { doubled: '{{local.doubled}}', args: '{{args.n}}' } },
        { method: 'log', params: { text: 'after return' } },
      ],
    });
    const parent = await env.write('parent.json', {
      run: [
        { method: 'script.start', params: { uri: 'child.json', params: { n: 21 } } },
        { method: 'script.return', params: '{{input}}' },
      ],
    });
    const result = await (await env.runner.start(parent)).done;
    expect(result.result).toEqual({ doubled: 42, args: 21 });
    const child = env.runner.list().find((r) => r.script.endsWith('child.json'));
    expect(child?.status).toBe('finished');
    expect(child?.parentId).toBeTruthy();
  });

  it("keeps a daemon's local after its steps end, reports it ready, and clears it on stop", async () => {
    const file = await env.write('start.json', {
      daemon: true,
      run: [{ method: 'local.set', params: { url: 'http://127.0.0.1:1234' } }],
    });
    const { runId, done } = await env.runner.start(file);
    const result = await done;
    expect(result.status).toBe('running');
    expect(env.runner.isRunning(file)).toBe(true);
    expect(env.runner.isReady(file)).toBe(true);
    expect(env.runner.localOf(file)).toEqual({ url: 'http://127.0.0.1:1234' });
    const again = await env.runner.start(file);
    expect(again.runId).toBe(runId);
    await env.runner.stop(runId);
    expect(env.runner.isRunning(file)).toBe(false);
    expect(env.runner.localOf(file)).toEqual({});
  });

  it("clears a non-daemon script's local when it finishes", async () => {
    const file = await env.write('h.json', { run: [{ method: 'local.set', params: { x: 1 } }] });
    await (
      await env.runner.start(file)
    ).done;
    expect(env.runner.localOf(file)).toEqual({});
    expect(env.runner.isRunning(file)).toBe(false);
  });

  it('stores results with returns maps over the result', async () => {
    const file = await env.write('i.json', {
      run: [
        {
          method: 'jump',
          params: { index: 1, params: { v: 7 } },
          returns: { 'local.seven': '{{input.v}}', 'global.g': '{{input.v + 1}}' },
        },
        { method: 'script.return', params: ['{{local.seven}}', '{{global.g}}'] },
      ],
    });
    expect((await (await env.runner.start(file)).done).result).toEqual([7, 8]);
  });

  it('supports run functions, inline function methods and JS module scripts', async () => {
    const file = await env.write(
      'fn.js',
      `module.exports = async (kernel, info) => ({
        run: async (kernel, info) => [
          { method: async (req) => ({ got: req.params.x, platform: kernel.platform }), params: { x: '{{args.x}}' } },
          { method: 'script.return', params: '{{input}}' },
        ],
      });`,
    );
    const result = await (await env.runner.start(file, { params: { x: 5 } })).done;
    expect(result.result).toEqual({ got: 5, platform: process.platform });
  });

  it('lists runs by app and throws run_not_found for unknown ids', async () => {
    const file = await env.write('j.json', { run: [{ method: 'log', params: { text: 'x' } }] });
    const { runId, done } = await env.runner.start(file);
    await done;
    expect(env.runner.list({ app: 'demo' }).map((r) => r.runId)).toContain(runId);
    expect(env.runner.list({ app: 'other' })).toEqual([]);
    expect(() => env.runner.get('nope')).toThrow(
      expect.objectContaining({ code: 'run_not_found' }),
    );
  });

  it('calls a method of a custom uri module (a class) with the rendered request', async () => {
    await env.write(
      'custom.js',
      `module.exports = class { async greet(req, ondata) { ondata({ raw: 'greeting\\n' }); return 'hi ' + req.params.who; } };`,
    );
    const file = await env.write('k.json', {
      run: [{ uri: './custom.js', method: 'greet', params: { who: '{{args.who}}' } }],
    });
    const { runId, done } = await env.runner.start(file, { params: { who: 'bob' } });
    expect((await done).result).toBe('hi bob');
    expect(env.runner.logs(runId).entries.map((e) => e.data)).toContain('greeting\n');
  });
});
