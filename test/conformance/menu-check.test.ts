// The harness's own checks fail when they should: a missing script, an empty menu, no start offered.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuProblems, menuTexts, offersStart } from './menu-check';
import { runItem } from './menu-start';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-menu-check-'));
  await writeFile(path.join(dir, 'start.js'), 'module.exports = { run: [] }');
  await writeFile(path.join(dir, 'run.js'), 'module.exports = { run: [] }');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('menu checks of the conformance harness', () => {
  it('names an item whose script is missing, in nested menus too', () => {
    const menu = [
      { text: 'Start', href: 'start.js?run=true' },
      { text: 'More', menu: [{ text: 'Reset', href: 'reset.js' }] },
      { text: 'Docs', href: 'https://example.org/x.js' },
    ];
    expect(menuProblems(menu, dir)).toEqual(['"Reset" points to missing reset.js']);
  });

  it('refuses an empty menu', () => {
    expect(menuProblems([], dir)).toEqual(['the menu rendered empty']);
  });

  it('tells a start item from a run item and from chores', () => {
    expect(offersStart([{ text: 'Start', href: 'start.js' }])).toBe(true);
    const menu = [
      { text: 'Install', href: 'install.js' },
      { text: 'Run <b>Default</b>', href: 'run.js', params: { mode: 'Default' } },
    ];
    expect(offersStart(menu)).toBe(false);
    expect(runItem(menu)).toMatchObject({ href: 'run.js' });
    expect(runItem([{ text: 'Install', href: 'install.js' }])).toBeNull();
    expect(menuTexts(menu)).toBe('"Install", "Run Default"');
  });
});
