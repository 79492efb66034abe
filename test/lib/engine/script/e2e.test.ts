// End to end: a real launcher installs (fs.write + shell.run), starts a daemon server, and its menu follows.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLauncher } from '../../../../lib/engine/launcher/index';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/launchers/e2e-app');

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv('e2e-app');
  await cp(FIXTURE, env.appDir, { recursive: true });
});
afterEach(async () => {
  await env.cleanup();
});

describe('e2e launcher', () => {
  it('installs, starts, shows the captured URL and script.start value in the menu, and stops', async () => {
    const launcher = await loadLauncher(env.appDir, env.runner);
    expect(launcher.meta.title).toBe('E2E App');
    const first = await launcher.menu();
    expect(first).toEqual([
      expect.objectContaining({ text: 'Install', default: true, params: { who: 'world' } }),
    ]);

    const install = await env.runner.start(first[0]!.href!.split('?')[0]!, {
      app: 'e2e-app',
      params: first[0]!.params,
    });
    const installed = await install.done;
    expect(installed.status, installed.error?.message).toBe('finished');
    expect(await readFile(path.join(env.appDir, 'app/out.txt'), 'utf8')).toBe('greeting-world\n');
    expect(await readFile(path.join(env.appDir, 'app/installed.txt'), 'utf8')).toBe(
      'greeting-world',
    );
    expect((await launcher.menu()).map((i) => i.text)).toEqual(['Start', 'Reset']);

    const start = await env.runner.start('start.json', { app: 'e2e-app' });
    const started = await start.done;
    expect(started.status, started.error?.message).toBe('running');
    const menu = await launcher.menu();
    const url = menu[0]!.href!;
    expect(menu[0]).toMatchObject({ text: 'Open Web UI', default: true });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(menu[1]!.text).toBe('Value: computed-42');
    expect(await (await fetch(url)).text()).toBe('hi from e2e');
    expect(
      env.runner
        .logs(start.runId)
        .entries.map((e) => e.data)
        .join(''),
    ).toContain(`listening on ${url}`);

    await env.runner.stop(start.runId);
    expect((await launcher.menu()).map((i) => i.text)).toEqual(['Start', 'Reset']);
    await expect(fetch(url)).rejects.toThrow();
  });
});
