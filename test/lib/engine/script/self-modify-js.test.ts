// A .js script sees its own edits from the next step on, as Pinokio reloads the script before each step.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(() => env.cleanup());

describe('self-modification of .js scripts', () => {
  it('self follows json.set on a JSON file the script requires, and a rewrite of the script itself', async () => {
    await env.write('config.json', { counter: 1 });
    const rewritten = "module.exports = { counter: 100, extra: 'rewritten', run: [] };";
    const file = await env.write(
      'start.js',
      `const config = require('./config.json');
module.exports = {
  counter: config.counter,
  run: [
    { method: 'json.set', params: { 'config.json': { counter: '{{self.counter + 1}}' } } },
    { method: 'local.set', params: { after_json: '{{self.counter}}' } },
    { method: 'fs.write', params: { path: 'start.js', text: ${JSON.stringify(rewritten)} } },
    {
      method: 'script.return',
      params: { json: '{{local.after_json}}', extra: '{{self.extra}}', counter: '{{self.counter}}' },
    },
  ],
};`,
    );
    const out = await (await env.runner.start(file)).done;
    expect(out.error).toBeUndefined();
    // The run keeps the steps it started with (Pinokio resolves them once per run); `self` is fresh per step.
    expect(out.result).toEqual({ json: 2, extra: 'rewritten', counter: 100 });
    expect(JSON.parse(await readFile(path.join(env.appDir, 'config.json'), 'utf8'))).toEqual({
      counter: 2,
    });
  });

  it('json.set naming a .js file leaves it as it is, as Pinokio writes only .json files', async () => {
    const source = `module.exports = { run: [{ method: 'self.set', params: { 'start.js': { a: 1 } } }] };`;
    const file = await env.write('start.js', source);
    const out = await (await env.runner.start(file)).done;
    expect(out.status).toBe('finished');
    expect(await readFile(file, 'utf8')).toBe(source);
    expect(env.logs.join('')).toContain('start.js is not a .json file: left as it is');
  });

  it('a script edited into one that no longer loads fails the next step, naming the file', async () => {
    const file = await env.write(
      'broken.js',
      `module.exports = { run: [
        { method: 'fs.write', params: { path: 'broken.js', text: 'module.exports = {' } },
        { method: 'log', params: { text: 'unreachable' } },
      ] };`,
    );
    const out = await (await env.runner.start(file)).done;
    expect(out.status).toBe('failed');
    expect(out.error?.message).toContain(`step 2: ${file} changed on disk and no longer loads`);
  });
});
