// Launchers: metadata merge order, live menus through `info`/`kernel`, legacy menu forms, script listing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLauncher } from '../../../../lib/engine/launcher/index';
import type { KernelRuntime } from '../../../../lib/engine/script/kernel';
import { menuSchema } from '../../../../lib/shared/menu';

const fixtures = path.resolve(__dirname, '../../../fixtures/script-core');
const demo = path.join(fixtures, 'demo-launcher');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hangar-launcher-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A runtime whose state the test sets: running scripts, their local variables, paths that exist. */
function runtime(
  state: {
    running?: string[];
    locals?: Record<string, Record<string, unknown>>;
    existing?: string[];
  } = {},
): KernelRuntime {
  const running = new Set(state.running ?? []);
  return {
    port: async () => 42003,
    system: {
      platform: 'linux',
      arch: 'x64',
      gpu: 'nvidia',
      gpus: [],
      gpu_model: 'RTX 5090',
      vram: 32,
      ram: 64,
    },
    home: tmp,
    isRunning: (abs) => running.has(abs),
    isReady: (abs) => running.has(abs),
    localOf: (abs) => state.locals?.[abs] ?? {},
    exists: (abs) => (state.existing ?? []).includes(abs),
  };
}

describe('loadLauncher', () => {
  it('answers not_found, naming the folder, when the folder is gone (an app removed while it was read)', async () => {
    const gone = path.join(os.tmpdir(), `hangar-gone-${process.pid}-${Date.now()}`);
    await expect(loadLauncher(gone, runtime())).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining(`${gone} is missing`),
    });
  });

  it('merges metadata as pinokio.js < pinokio_meta.json < pinokio.json', async () => {
    const launcher = await loadLauncher(demo, runtime());
    expect(launcher.dir).toBe(demo);
    expect(launcher.meta).toMatchObject({
      title: 'Demo from pinokio.json',
      description: 'meta description',
      icon: 'icon.png',
      version: '3.7',
      posts: ['https://x.com/a/status/1'],
      links: [{ title: 'Project', value: 'https://example.com' }],
    });
    expect(launcher.meta.menu).toBeUndefined();
  });

  it('lists script candidates without the launcher config files', async () => {
    const launcher = await loadLauncher(demo, runtime());
    expect(launcher.scripts).toEqual([
      'down.js',
      'install.json',
      'menu.js',
      'reset.json',
      'start.js',
    ]);
  });

  it('renders the not-installed menu through info.exists relative to menu.js', async () => {
    const launcher = await loadLauncher(demo, runtime());
    expect(await launcher.menu()).toEqual([
      { default: true, icon: 'fa-solid fa-plug', text: 'Install', href: 'install.json' },
    ]);
  });

  it('renders the installed menu with query params merged into params and nested menus kept', async () => {
    const launcher = await loadLauncher(demo, runtime({ existing: [path.join(demo, 'app/env')] }));
    const menu = await launcher.menu();
    expect(menuSchema.safeParse(menu).success).toBe(true);
    expect(menu[0]).toEqual({
      default: true,
      text: 'Start',
      href: 'start.js?mode=fast&run=true',
      params: { mode: 'slow-wins', run: 'true' },
    });
    expect(menu[1]!.menu).toEqual([
      { text: 'One', href: 'down.js', params: { id: 'one' } },
      { text: 'Two', href: 'down.js', params: { id: 'two' } },
    ]);
    expect(menu[2]).toEqual({ text: 'Reset', href: 'reset.json', confirm: 'Sure?' });
  });

  it('renders the running menu with the url from the start script’s local variables', async () => {
    const start = path.join(demo, 'start.js');
    const base = { existing: [path.join(demo, 'app/env')], running: [start] };
    const noUrl = await (await loadLauncher(demo, runtime(base))).menu();
    expect(noUrl).toEqual([{ text: 'Terminal', href: 'start.js', legacySameAsInfo: true }]);
    const withUrl = await (
      await loadLauncher(
        demo,
        runtime({ ...base, locals: { [start]: { url: 'http://127.0.0.1:7860' } } }),
      )
    ).menu();
    expect(withUrl[0]).toEqual({
      default: true,
      text: 'Open Web UI',
      href: 'http://127.0.0.1:7860',
      popout: true,
    });
    expect(withUrl[1]).toMatchObject({ text: 'Terminal', legacySameAsInfo: true });
  });

  it('supports legacy menus: filter(), when/on/off labels, kernel.status and kernel.loader.load', async () => {
    const dir = path.join(fixtures, 'legacy-launcher');
    const session = path.join(dir, 'session.json');
    const idle = await (await loadLauncher(dir, runtime({ existing: [session] }))).menu();
    expect(idle).toEqual([
      { html: '<i></i> Chat idle', type: 'label' },
      {
        html: 'Start chat',
        href: 'chat.json?fullscreen=true&run=true',
        params: { fullscreen: 'true', run: 'true' },
      },
    ]);
    const running = await (
      await loadLauncher(
        dir,
        runtime({ existing: [session], running: [path.join(dir, 'chat.json')] }),
      )
    ).menu();
    expect(running.map((i) => i.html)).toEqual(['Open', '<i></i> Running chat', 'Server']);
    expect(running[0]!.href).toBe('http://127.0.0.1:7860');
  });

  it('finds the launcher in a pinokio/ subfolder', async () => {
    const launcher = await loadLauncher(path.join(fixtures, 'nested-root'), runtime());
    expect(launcher.dir).toBe(path.join(fixtures, 'nested-root', 'pinokio'));
    expect(await launcher.menu()).toEqual([{ text: 'Install', href: 'install.json' }]);
  });

  it('sees pinokio.js edits on the next menu render', async () => {
    const dir = mkdtempSync(path.join(tmp, 'edit-'));
    writeFileSync(path.join(dir, 'pinokio.js'), 'module.exports = { menu: [{ text: "A" }] }');
    const launcher = await loadLauncher(dir, runtime());
    expect(await launcher.menu()).toEqual([{ text: 'A' }]);
    writeFileSync(
      path.join(dir, 'pinokio.js'),
      'module.exports = { menu: async () => [{ text: "B" }] }',
    );
    expect(await launcher.menu()).toEqual([{ text: 'B' }]);
  });

  it('reports a menu function that throws as a script error naming pinokio.js', async () => {
    const dir = mkdtempSync(path.join(tmp, 'throw-'));
    writeFileSync(
      path.join(dir, 'pinokio.js'),
      'module.exports = { menu: async () => { throw new Error("menu boom") } }',
    );
    const launcher = await loadLauncher(dir, runtime());
    await expect(launcher.menu()).rejects.toMatchObject({
      code: 'script_error',
      message: expect.stringContaining('pinokio.js: menu failed: menu boom'),
    });
  });

  it('refuses a folder that is not a launcher', async () => {
    const dir = mkdtempSync(path.join(tmp, 'empty-'));
    await expect(loadLauncher(dir, runtime())).rejects.toMatchObject({ code: 'not_a_launcher' });
  });
});
