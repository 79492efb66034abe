// `hangar check` plans every script of a launcher offline and renders its menu in four states.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkLauncher,
  FAKE_URL,
  formatCheckReport,
  MENU_STATES,
  type CheckReport,
} from '../../../../lib/engine/check/index';
import { knownMethods } from '../../../../lib/engine/steps/registry';
import { system } from './system-facts';

const repoRoot = path.resolve(__dirname, '../../../..');
const corpus = path.resolve(repoRoot, '../shared/pinokio-corpus');
const fixtures = path.resolve(__dirname, '../../../fixtures/script-core');
const launchers = readdirSync(corpus)
  .filter((d) => statSync(path.join(corpus, d)).isDirectory())
  .sort();

function script(report: CheckReport, file: string) {
  const found = report.scripts.find((s) => s.file === file);
  if (!found) throw new Error(`no report for ${file}`);
  return found;
}

describe('checkLauncher over the Pinokio corpus', () => {
  it('finds all 12 corpus launchers', () => {
    expect(launchers).toHaveLength(12);
  });

  it.each(launchers)('%s checks ok', async (name) => {
    const report = await checkLauncher(path.join(corpus, name), { system });
    const problems = [
      ...report.errors,
      ...report.scripts.flatMap((s) => s.errors.map((e) => `${s.file}: ${e}`)),
    ];
    expect(problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(Object.keys(report.menus)).toEqual([...MENU_STATES]);
    expect(report.menus['not-installed']!.length).toBeGreaterThan(0);
    expect(report.scripts.some((s) => s.kind === 'script' && s.steps.length > 0)).toBe(true);
  });

  it('shows the captured url in the running-with-url menu of a url-capturing launcher', async () => {
    const report = await checkLauncher(path.join(corpus, 'comfy'), { system });
    expect(report.menus['not-installed']).toEqual([
      expect.objectContaining({ text: 'Install', href: 'install.js', default: true }),
    ]);
    expect(report.menus.installed![0]).toMatchObject({ text: 'Start', href: 'start.js' });
    expect(report.menus.running).toEqual([
      expect.objectContaining({ text: 'Terminal', href: 'start.js' }),
    ]);
    expect(report.menus['running-with-url']![0]).toMatchObject({
      text: 'Open Web UI',
      href: FAKE_URL,
    });
  });

  it('renders step params offline with the given system facts', async () => {
    const report = await checkLauncher(path.join(corpus, 'whisper-webui'), { system });
    const torch = script(report, 'torch.js');
    const linuxNvidia = torch.steps.find((s) => s.when === true)!;
    expect(linuxNvidia.params).toMatchObject({
      message: expect.stringContaining('cu124'),
      path: '.',
    });
    expect(torch.steps.filter((s) => s.when === true)).toHaveLength(1);
    const start = script(report, 'start.js');
    expect(start.daemon).toBe(true);
  });

  it('reports desktop-only and not-yet-registered methods as warnings, data modules as skipped', async () => {
    const report = await checkLauncher(path.join(corpus, 'text-generation-webui.pinokio'), {
      system,
    });
    expect(report.ok).toBe(true);
    expect(script(report, 'session.json').kind).toBe('module');
    const index = script(report, 'index.js');
    expect(index.kind).toBe('module');
    expect(script(report, 'install.json').steps.map((s) => s.method)).toContain('./index.js#patch');
  });
});

describe('checkLauncher errors and warnings', () => {
  const dir = path.join(fixtures, 'broken-launcher');

  it('fails the launcher and each broken script with a precise message', async () => {
    const report = await checkLauncher(dir, { system });
    expect(report.ok).toBe(false);
    expect(script(report, 'bad.json').errors[0]).toMatch(/bad\.json:4:5: malformed JSON/);
    const unknown = script(report, 'unknown.json').errors[0]!;
    expect(unknown).toContain(
      'unknown.json: step 2 uses unknown method "shell.runn". Known methods: ',
    );
    expect(unknown).toContain('shell.run');
    expect(script(report, 'escape.json').errors[0]).toMatch(
      /step 1: Refusing param "path" "..\/..\/outside.txt"/,
    );
    expect(script(report, 'caller.json').errors).toEqual([
      expect.stringContaining('step 1: script missing.js not found'),
      expect.stringContaining('step 2: next "nowhere" names no step id'),
    ]);
    expect(script(report, 'syntax.json').errors).toEqual([
      'step 1: template {{ 1 + }} is not a valid JavaScript expression',
    ]);
    expect(script(report, 'notscript.json').errors).toEqual([
      expect.stringContaining('not a runnable script: it has no `run` array'),
    ]);
    expect(script(report, 'trigger.json').errors).toEqual([
      'step 1: on[1].trigger "on_fail" names no array of steps in the script (its other actions: on_saved)',
    ]);
  });

  it('passes desktop-only methods with a warning and skips unreferenced data files', async () => {
    const report = await checkLauncher(dir, { system });
    const desktop = script(report, 'desktop.json');
    expect(desktop.ok).toBe(true);
    expect(desktop.warnings).toEqual([
      expect.stringContaining('clipboard.copy is not available in Hangar: '),
    ]);
    expect(script(report, 'data.json')).toMatchObject({ kind: 'module', ok: true });
    expect(report.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('links to missing script gone.js')]),
    );
  });

  it('plans good scripts: rendered params, when, deferred run-time expressions and script.start targets', async () => {
    const report = await checkLauncher(dir, { system });
    const install = script(report, 'install.json');
    expect(install.ok).toBe(true);
    expect(install.steps[0]).toMatchObject({
      method: 'shell.run',
      params: { message: 'echo linux', path: 'app' },
    });
    expect(install.steps[1]).toMatchObject({
      method: 'script.start',
      params: { uri: 'sub/callee.json' },
    });
    expect(install.steps[2]).toMatchObject({ method: 'log', when: false, deferred: ['args.x'] });
    expect(script(report, 'sub/callee.json')).toMatchObject({ ok: true, kind: 'script' });
  });

  it('uses the engine registry by default and accepts another method list', async () => {
    const report = await checkLauncher(dir, {
      system,
      knownMethods: [...knownMethods(), 'shell.runn'],
    });
    expect(script(report, 'unknown.json').ok).toBe(true);
  });

  it('formats a readable text report and a JSON document of the documented shape', async () => {
    const report = await checkLauncher(dir, { system });
    const text = formatCheckReport(report);
    expect(text).toContain('Launcher "Broken"');
    expect(text).toContain('unknown.json: FAILED');
    expect(text).toMatch(/FAILED: \d+ files, \d+ errors/);
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({
      launcher: dir,
      ok: false,
      menus: { 'not-installed': expect.any(Array) },
    });
    expect(json.scripts[0]).toEqual(
      expect.objectContaining({
        file: expect.any(String),
        ok: expect.any(Boolean),
        steps: expect.any(Array),
        errors: expect.any(Array),
        warnings: expect.any(Array),
      }),
    );
  });
});
