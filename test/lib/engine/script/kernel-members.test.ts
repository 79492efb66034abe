// kernel.require/path/exists/system/jsdom with real files and this machine; kernel.shell.* running real processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildKernel, type KernelRuntime } from '../../../../lib/engine/script/kernel';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hangar-kernel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const home = path.join(tmp, 'home');
const launcher = path.join(home, 'api', 'demo');
mkdirSync(launcher, { recursive: true });

const nvidia = {
  name: 'nvidia',
  model: 'nvidia geforce rtx 4090',
  driver: '550.54.14',
  memoryMiB: 24564,
  target: 'sm_89',
};
function runtime(gpus = [nvidia]): KernelRuntime {
  return {
    port: async () => 42003,
    system: {
      platform: os.platform(),
      arch: os.arch(),
      gpu: gpus[0]?.name ?? 'none',
      gpus,
      gpu_model: gpus[0]?.model ?? null,
      vram: 24,
      ram: Math.round(os.totalmem() / 1024 ** 3),
    },
    home,
    isRunning: () => false,
    isReady: () => false,
    localOf: () => ({}),
  };
}

describe('kernel.require', () => {
  it('loads a module file relative to the launcher, fresh each time, and instantiates classes', async () => {
    writeFileSync(path.join(launcher, 'helper.js'), 'module.exports = { answer: 41 };');
    writeFileSync(
      path.join(launcher, 'tool.js'),
      'module.exports = class Tool { constructor() { this.made = true } };',
    );
    writeFileSync(path.join(launcher, 'data.json'), '{"models": ["a", "b"]}');
    const kernel = buildKernel(runtime(), launcher);
    expect(await kernel.require('helper.js')).toEqual({ answer: 41 });
    writeFileSync(path.join(launcher, 'helper.js'), 'module.exports = { answer: 42 };');
    expect(await kernel.require(launcher, 'helper.js')).toEqual({ answer: 42 });
    expect(await kernel.require('tool.js')).toEqual({ made: true });
    expect(await kernel.load('data.json')).toEqual({ models: ['a', 'b'] });
    expect(await kernel.require('missing.js')).toBeNull();
  });

  it('names the file when the module throws while loading', async () => {
    writeFileSync(path.join(launcher, 'broken.js'), 'throw new Error("boom")');
    await expect(buildKernel(runtime(), launcher).require('broken.js')).rejects.toThrow(
      /broken\.js: kernel\.require failed: boom/,
    );
  });
});

describe('kernel.path and kernel.exists', () => {
  it('resolve relative paths against the Hangar home, as Pinokio resolves them against its home', async () => {
    const kernel = buildKernel(runtime(), launcher);
    expect(kernel.path('api', 'demo')).toBe(launcher);
    expect(kernel.path(launcher, 'app')).toBe(path.join(launcher, 'app'));
    expect(await kernel.exists('api', 'demo')).toBe(true);
    expect(await kernel.exists('demo')).toBe(false);
    expect(await kernel.exists(launcher, 'helper.js')).toBe(true);
  });
});

describe('kernel.env', () => {
  it('merges the process env with the home and folder ENVIRONMENT files', async () => {
    writeFileSync(path.join(home, 'ENVIRONMENT'), 'FROM_HOME=1\nSHARED=home\n');
    writeFileSync(path.join(launcher, 'ENVIRONMENT'), 'SHARED=app\n');
    const env = await buildKernel(runtime(), launcher).env('api', 'demo');
    expect(env).toMatchObject({ FROM_HOME: '1', SHARED: 'app', PATH: process.env.PATH });
  });
});

describe('kernel.system and GPU facts', () => {
  it('answers systeminformation calls with this machine', async () => {
    const kernel = buildKernel(runtime(), launcher);
    const cpu = await kernel.system.cpu();
    expect(cpu.cores).toBe(os.cpus().length);
    expect(cpu.physicalCores).toBeGreaterThan(0);
    expect(cpu.physicalCores).toBeLessThanOrEqual(cpu.cores);
    const mem = await kernel.system.mem();
    expect(mem.total).toBe(os.totalmem());
    expect(mem.available).toBeGreaterThan(0);
    expect(mem.available).toBeLessThanOrEqual(mem.total);
    const info = await kernel.system.osInfo();
    expect(info).toMatchObject({ platform: os.platform(), kernel: os.release(), arch: os.arch() });
    if (os.platform() === 'linux') {
      const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
      expect(cpuinfo).toContain(cpu.vendor);
      const memTotal = Number(
        /^MemTotal:\s*(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1],
      );
      expect(mem.total).toBe(memTotal * 1024);
    }
  });

  it('gives graphics() controllers in systeminformation shape and gpu_driver/gpu_target', async () => {
    const kernel = buildKernel(runtime(), launcher);
    expect(await kernel.system.graphics()).toEqual({
      controllers: [
        {
          vendor: 'NVIDIA',
          model: 'nvidia geforce rtx 4090',
          bus: '',
          vram: 24564,
          vramDynamic: false,
          driverVersion: '550.54.14',
        },
      ],
      displays: [],
    });
    expect(kernel.gpu_driver).toBe('550.54.14');
    expect(kernel.gpu_target).toBe('sm_89');
    const none = buildKernel(runtime([]), launcher);
    expect((await none.system.graphics()).controllers).toEqual([]);
    expect(none.gpu_driver).toBeNull();
    expect(none.gpu_target).toBeNull();
  });
});

describe('kernel.jsdom', () => {
  it('is the jsdom package', () => {
    const { JSDOM } = buildKernel(runtime(), launcher).jsdom;
    const dom = new JSDOM('<ul><li>a</li><li>b</li></ul>');
    expect([...dom.window.document.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('kernel.shell', () => {
  let env: RunnerEnv | undefined;
  afterEach(async () => {
    await env?.cleanup();
    env = undefined;
  });

  it('refuses to run processes outside a running script, naming the member', () => {
    const kernel = buildKernel(runtime(), launcher);
    expect(() => kernel.shell.run({ message: 'true' })).toThrow(
      /kernel\.shell\.run .*running script/,
    );
  });

  it('runs, starts, enters, writes to and stops real shells from a code module', async () => {
    env = await makeRunnerEnv();
    await env.write(
      'lib/mod.js',
      `module.exports = {
        async go(req, ondata, kernel) {
          const seen = []
          const ran = await kernel.shell.run({ message: "echo ran-$((20 + 22))" }, {}, (p) => seen.push(p.cleaned))
          const failed = await kernel.shell.run({ message: "echo bad-exit; exit 3" })
          const executed = await kernel.exec({ message: "echo exec-ok" })
          const id = await kernel.shell.start({ id: "sess", group: req.parent.path })
          const answer = await kernel.shell.enter({
            id: "sess",
            message: "echo value=$((6 * 7))",
            on: [{ event: "/value=(\\\\d+)/", return: "{{event.matches[0][1]}}" }],
          })
          await kernel.shell.write({ id: "sess", message: "echo typed" })
          const resolved = kernel.shell.enter({ id: "sess", message: "sleep 30", on: [{ event: "/never-printed/", done: true }] })
          kernel.shell.resolve("sess", "resolved-by-hand")
          const early = await resolved
          await kernel.shell.stop({ group: req.parent.path })
          const afterStop = await kernel.shell.write({ id: "sess", message: "x" }).then(() => "still open", (e) => e.message)
          return { stdout: ran.stdout, response: ran.response, id, answer, early, seen: seen.join(""), parent: req.parent.path, dirname: req.dirname, afterStop, failed, executed: executed.stdout }
        }
      }`,
    );
    const file = await env.write('run.json', {
      run: [
        { uri: './lib/mod.js', method: 'go' },
        { method: 'script.return', params: '{{input}}' },
      ],
    });
    const { done } = await env.runner.start(file);
    const result = await done;
    expect(result.error ?? null).toBeNull();
    const value = result.result as Record<string, string>;
    expect(value.stdout).toContain('ran-42');
    expect(value.response).toBe(value.stdout);
    expect(value.seen).toContain('ran-42');
    expect(value.id).toBe('sess');
    expect(String(value.answer)).toBe('42');
    expect(value.early).toBe('resolved-by-hand');
    expect(value.afterStop).toMatch(/no open shell "sess"/);
    expect(value.failed).toMatchObject({ exitCode: 3, event: null });
    expect((value.failed as unknown as { response: string }).response).toContain('bad-exit');
    expect(value.executed).toContain('exec-ok');
    expect(value.parent).toBe(file);
    expect(value.dirname).toBe(path.join(env.appDir, 'lib'));
  });
});

describe('kernel.script', () => {
  it('answers about a script by git URL of a clone, ~/ path or folder', async () => {
    const clone = path.join(home, 'api', 'other-launcher');
    mkdirSync(clone, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: clone });
    execFileSync('git', ['remote', 'add', 'origin', 'https://example.com/acme/other.git'], {
      cwd: clone,
    });
    writeFileSync(path.join(clone, 'start.json'), '{"run": []}');
    const start = path.join(clone, 'start.json');
    const kernel = buildKernel(
      {
        ...runtime(),
        isRunning: (abs) => abs === start,
        localOf: (abs) => (abs === start ? { url: 'http://127.0.0.1:7860' } : {}),
      },
      launcher,
    );
    expect(kernel.script.resolve('https://example.com/acme/other.git', 'start.json')).toBe(start);
    expect(kernel.script.resolve('https://example.com/acme/missing.git', 'start.json')).toBe(false);
    expect(kernel.script.exists('~/api/other-launcher', 'start.json')).toBe(true);
    expect(kernel.script.running(clone, 'start.json')).toBe(true);
    expect(kernel.script.running(launcher, 'start.json')).toBe(false);
    expect(kernel.script.local('https://example.com/acme/other.git/start.json')).toEqual({
      url: 'http://127.0.0.1:7860',
    });
    expect(kernel.script.local('https://example.com/acme/missing.git/start.json')).toBeNull();
  });
});
