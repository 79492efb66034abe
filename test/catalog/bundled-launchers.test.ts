import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLauncher, FAKE_URL, formatCheckReport, type MenuState } from '../../lib/engine/check';
import { allEntries, bundledFolder, launchersDir } from './catalog-helpers';

const SCRIPTS = ['install.js', 'start.js', 'update.js', 'reset.js'];
let home: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-catalog-check-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('every bundled launcher', async () => {
  const folders = (await allEntries()).map(bundledFolder).filter((f): f is string => f !== null);

  it.each(folders)(
    '%s passes hangar check with the conventional scripts and a daemon start that captures its URL',
    async (folder) => {
      const report = await checkLauncher(path.join(launchersDir, folder), { home });
      expect(report.errors, formatCheckReport(report)).toEqual([]);
      expect(report.ok, formatCheckReport(report)).toBe(true);
      const files = report.scripts.map((s) => s.file);
      for (const script of SCRIPTS) expect(files, folder).toContain(script);
      const start = report.scripts.find((s) => s.file === 'start.js')!;
      expect(start.daemon).toBe(true);
      const methods = start.steps.map((s) => s.method);
      expect(methods).toEqual(['shell.run', 'local.set']);
      const capture = start.steps[0].params as { on?: Array<{ event: string; done?: boolean }> };
      expect(capture.on?.some((h) => h.done === true && h.event.includes('http'))).toBe(true);
    },
  );

  it.each(folders)(
    '%s offers Install first, Start once installed, and the captured URL while running',
    async (folder) => {
      const report = await checkLauncher(path.join(launchersDir, folder), { home });
      const defaultOf = (state: MenuState) => report.menus[state]?.find((item) => item.default);
      expect(defaultOf('not-installed')?.href).toBe('install.js');
      expect(defaultOf('installed')?.href).toBe('start.js');
      expect(defaultOf('running-with-url')?.href).toBe(FAKE_URL);
    },
  );
});
