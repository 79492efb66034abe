// Script files load in every Pinokio form, and bad ones fail with precise, typed errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError, isEngineError } from '../../../../lib/engine/errors';
import { assertKnownMethods, loadScript } from '../../../../lib/engine/script/loader';

const app = mkdtempSync(path.join(os.tmpdir(), 'hangar-loader-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));
const kernel = { platform: 'linux', gpu: 'nvidia' };
const info = { exists: () => false };
const ctx = { kernel, info, appDir: app };

function write(rel: string, text: string): string {
  const file = path.join(app, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (error) {
    if (isEngineError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('loadScript', () => {
  it('loads a JSON script with its steps, daemon flag and data keys on self', async () => {
    const file = write(
      'start.json',
      JSON.stringify({
        daemon: true,
        animals: ['cat'],
        run: [{ method: 'log', params: { text: 'hi' } }],
      }),
    );
    const script = await loadScript(file, ctx);
    expect(script).toMatchObject({ file, dir: app, format: 'json', daemon: true, runFn: null });
    expect(script.steps).toEqual([{ method: 'log', params: { text: 'hi' } }]);
    expect(script.self.animals).toEqual(['cat']);
  });

  it('loads a JS module exporting an object', async () => {
    const file = write(
      'obj.js',
      'module.exports = { requires: { bundle: "ai" }, run: [{ method: "log" }] }',
    );
    const script = await loadScript(file, ctx);
    expect(script.format).toBe('js');
    expect(script.requires).toEqual({ bundle: 'ai' });
    expect(script.steps).toHaveLength(1);
  });

  it('calls an exported (async) function with kernel and info', async () => {
    const file = write(
      'fn.js',
      'module.exports = async (kernel, info) => ({ run: [{ method: "shell.run", params: { message: kernel.gpu + ":" + info.exists("x") } }] })',
    );
    const script = await loadScript(file, ctx);
    expect(script.steps![0]!.params).toEqual({ message: 'nvidia:false' });
  });

  it('constructs an exported class', async () => {
    const file = write(
      'cls.js',
      'module.exports = class { constructor() { this.run = [{ method: "log" }]; this.daemon = true } }',
    );
    const script = await loadScript(file, ctx);
    expect(script.daemon).toBe(true);
    expect(script.steps).toHaveLength(1);
  });

  it('unwraps an ESM default export', async () => {
    const file = write(
      'esm.mjs',
      'export default { run: [{ method: "log" }], env: [{ key: "TOKEN" }] }',
    );
    const script = await loadScript(file, ctx);
    expect(script.steps).toHaveLength(1);
    expect(script.env).toEqual([{ key: 'TOKEN' }]);
  });

  it('keeps a run function for the runner to call', async () => {
    const file = write(
      'runfn.js',
      'module.exports = { pre: [{ key: "A" }], run: async (kernel) => [{ method: "log" }] }',
    );
    const script = await loadScript(file, ctx);
    expect(script.steps).toBeNull();
    expect(typeof script.runFn).toBe('function');
    expect(script.env).toEqual([{ key: 'A' }]);
  });

  it('reports a file without run as not a runnable script, with the reason', async () => {
    const error = await failure(loadScript(write('data.json', JSON.stringify({ url: 'x' })), ctx));
    expect(error.code).toBe('not_runnable');
    expect(error.message).toContain('is not a runnable script: it has no `run` array (keys: url)');
    const array = await failure(loadScript(write('list.js', 'module.exports = [1, 2]'), ctx));
    expect(array.message).toContain('not a runnable script: it exports an array');
    const rpc = await failure(
      loadScript(
        write('rpc.js', 'module.exports = class Rpc { async run(req) { return 1 } }'),
        ctx,
      ),
    );
    expect(rpc.message).toContain('custom method module');
    const noMethod = await failure(
      loadScript(write('nomethod.json', JSON.stringify({ run: [{ params: {} }] })), ctx),
    );
    expect(noMethod.message).toContain('step 1 has no `method`');
  });

  it('reports malformed JSON with file, line and column', async () => {
    const file = write('bad.json', '{\n  "run": [\n    { "method": "log", }\n  ]\n}\n');
    const error = await failure(loadScript(file, ctx));
    expect(error.code).toBe('script_parse');
    expect(error.message).toContain(`${file}:3:24`);
    expect(error.details).toMatchObject({ file, line: 3, column: 24 });
  });

  it('reports a JS syntax error with file and line', async () => {
    const file = write('bad.js', 'module.exports = {\n  run: [\n    { method: "log" \n  ]\n}\n');
    const error = await failure(loadScript(file, ctx));
    expect(error.code).toBe('script_parse');
    expect(error.message).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
  });

  it('reports a missing file as not_found and a throwing factory as script_error', async () => {
    expect((await failure(loadScript(path.join(app, 'missing.json'), ctx))).code).toBe('not_found');
    const error = await failure(
      loadScript(write('throws.js', 'module.exports = () => { throw new Error("boom") }'), ctx),
    );
    expect(error.code).toBe('script_error');
    expect(error.message).toContain('boom');
  });

  it('sees edits of a JS script on the next load', async () => {
    const file = write('edit.js', 'module.exports = { run: [{ method: "a" }] }');
    expect((await loadScript(file, ctx)).steps![0]!.method).toBe('a');
    write('edit.js', 'module.exports = { run: [{ method: "b" }] }');
    expect((await loadScript(file, ctx)).steps![0]!.method).toBe('b');
  });

  it('gives self the automatic imports of the app folder', async () => {
    write('animals.json', JSON.stringify(['cat']));
    const script = await loadScript(
      write('uses.json', JSON.stringify({ run: [{ method: 'log' }] })),
      ctx,
    );
    expect(script.self.animals).toEqual(['cat']);
  });
});

describe('assertKnownMethods', () => {
  it('names the file, the step index and the known methods for an unknown method', () => {
    const steps = [
      { method: 'log' },
      { method: 'custom', uri: './x.js' },
      { method: 'shell.runn' },
    ];
    let error: unknown;
    try {
      assertKnownMethods({ file: '/a/install.json' }, steps, ['shell.run', 'log']);
    } catch (e) {
      error = e;
    }
    expect(isEngineError(error) && error.code).toBe('unknown_method');
    expect((error as Error).message).toBe(
      '/a/install.json: step 3 uses unknown method "shell.runn". Known methods: log, shell.run',
    );
  });
});
