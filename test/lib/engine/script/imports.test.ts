// Automatic imports: JSON/JS modules under the app folder appear on `self` lazily, by name.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withImports } from '../../../../lib/engine/script/imports';
import { loadLauncher } from '../../../../lib/engine/launcher/index';
import { loadScript } from '../../../../lib/engine/script/loader';
import { renderTemplate } from '../../../../lib/engine/script/template';

const app = mkdtempSync(path.join(os.tmpdir(), 'hangar-imports-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
  writeFileSync(path.join(app, rel), text);
}

write('animals.json', JSON.stringify(['cat', 'dog']));
write('data/animals.json', JSON.stringify({ count: 3 }));
write('data/deeper/fish.json', JSON.stringify({ name: 'nemo' }));
write('helpers/index.js', 'module.exports = { random: () => 4, label: "helpers" }');
write('helpers/strings.js', 'module.exports = { shout: (s) => s.toUpperCase() }');
write('settings/index.json', JSON.stringify({ theme: 'dark' }));
write('node_modules/leftpad.json', '{}');
write('env/pyvenv.cfg', 'home = /usr/bin');
write('env/config.json', '{}');
write('app/.git/HEAD', 'ref: refs/heads/main');
write('app/package.json', '{}');
write('broken.json', '{ nope');

/** What the fixture files above export, as a script sees them through `self`. */
interface IndexModules {
  settings: { theme: string };
  helpers: { random: () => number; label: string };
}
interface DataFolder {
  data: { animals: { count: number }; deeper: { fish: { name: string } } };
  helpers: { strings: { shout: (text: string) => string } };
}
interface Counters {
  counter: { n: number };
  'counter-js': { n: number };
}

describe('withImports', () => {
  it('exposes a file by its name without extension (automatic import)', () => {
    const self = withImports<Record<string, unknown>>({ run: [] }, app);
    expect(self.animals).toEqual(['cat', 'dog']);
  });

  it("exposes a folder's index module under the folder name (default index)", () => {
    const self = withImports<Partial<IndexModules>>({}, app) as IndexModules;
    expect(self.settings.theme).toBe('dark');
    expect(self.helpers.random()).toBe(4);
    expect(self.helpers.label).toBe('helpers');
  });

  it('follows folders for named imports', () => {
    const self = withImports<Partial<DataFolder>>({}, app) as DataFolder;
    expect(self.data.animals.count).toBe(3);
    expect(self.data.deeper.fish.name).toBe('nemo');
    expect(self.helpers.strings.shout('hi')).toBe('HI');
  });

  it('prefers the script’s own keys and lets the script change them', () => {
    const self = withImports<Record<string, unknown>>({ animals: ['own'] }, app);
    expect(self.animals).toEqual(['own']);
    self.animals = ['changed'];
    expect(self.animals).toEqual(['changed']);
  });

  it('skips node_modules, virtual environments and cloned app code', () => {
    const self = withImports<Record<string, unknown>>({}, app);
    expect(self.node_modules).toBeUndefined();
    expect(self.env).toBeUndefined();
    expect(self.app).toBeUndefined();
    expect('node_modules' in self).toBe(false);
    expect('animals' in self).toBe(true);
  });

  it('loads lazily: a malformed file only fails when it is read', () => {
    const self = withImports<Record<string, unknown>>({}, app);
    expect(self.animals).toBeDefined();
    expect(() => self.broken).toThrow(/broken\.json:1:3/);
  });

  it('sees changes on disk in a fresh wrapper (next run)', () => {
    write('counter.json', JSON.stringify({ n: 1 }));
    write('counter-js.js', 'module.exports = { n: 1 }');
    const first = withImports<Partial<Counters>>({}, app) as Counters;
    expect(first.counter.n).toBe(1);
    expect(first['counter-js'].n).toBe(1);
    write('counter.json', JSON.stringify({ n: 2 }));
    write('counter-js.js', 'module.exports = { n: 2 }');
    const second = withImports<Partial<Counters>>({}, app) as Counters;
    expect(second.counter.n).toBe(2);
    expect(second['counter-js'].n).toBe(2);
  });

  it('works inside templates through self', () => {
    const self = withImports<Record<string, unknown>>({}, app);
    expect(
      renderTemplate('counts: {{ self.animals.length }} {{ self.data.animals.count }}', { self }),
    ).toBe('counts: 2 3');
  });

  it('loads a launcher beside a 10 000-file cloned repository without walking it', async () => {
    const big = mkdtempSync(path.join(os.tmpdir(), 'hangar-imports-big-'));
    try {
      mkdirSync(path.join(big, 'app', '.git'), { recursive: true });
      for (let d = 0; d < 100; d++) {
        mkdirSync(path.join(big, 'app', `pkg${d}`));
        for (let f = 0; f < 100; f++)
          writeFileSync(path.join(big, 'app', `pkg${d}`, `m${f}.json`), '{}');
      }
      writeFileSync(path.join(big, 'animals.json'), '["cat"]');
      writeFileSync(path.join(big, 'start.json'), JSON.stringify({ run: [{ method: 'log' }] }));
      writeFileSync(
        path.join(big, 'pinokio.js'),
        'module.exports = { menu: [{ text: "Start", href: "start.json" }] }',
      );
      const runtime = {
        port: async () => 1,
        system: {
          platform: 'linux',
          arch: 'x64',
          gpu: 'none',
          gpus: [],
          gpu_model: null,
          vram: 0,
          ram: 1,
        },
        home: big,
        isRunning: () => false,
        isReady: () => false,
        localOf: () => ({}),
      };
      const started = performance.now();
      const script = await loadScript(path.join(big, 'start.json'), {
        kernel: {},
        info: {},
        appDir: big,
      });
      expect(script.self.animals).toEqual(['cat']);
      expect(script.self.app).toBeUndefined();
      const launcher = await loadLauncher(big, runtime);
      expect(await launcher.menu()).toEqual([{ text: 'Start', href: 'start.json' }]);
      expect(launcher.scripts).toEqual(['animals.json', 'start.json']);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});
