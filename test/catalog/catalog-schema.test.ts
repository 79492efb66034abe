import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog, readCatalogFile } from '../../lib/engine/apps/catalog';
import { catalogEntrySchema } from '../../lib/shared/catalog';
import {
  allEntries,
  bundledFolder,
  catalogDir,
  catalogFiles,
  fixturesDir,
  launchersDir,
  repoRoot,
} from './catalog-helpers';

const POPULAR = [
  'comfyui',
  'forge',
  'whisper-webui',
  'open-webui',
  'facefusion',
  'applio',
  'fluxgym',
];
const corpusDir = path.resolve(repoRoot, '../shared/pinokio-corpus');

describe('the bundled catalog', () => {
  it('has at least one data file and every entry passes the schema', async () => {
    expect(catalogFiles().length).toBeGreaterThan(0);
    for (const file of catalogFiles()) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { apps: unknown[] };
      for (const entry of raw.apps) {
        const parsed = catalogEntrySchema.safeParse(entry);
        expect(
          parsed.success,
          `${path.basename(file)}: ${JSON.stringify(entry).slice(0, 80)}: ${parsed.error?.message}`,
        ).toBe(true);
      }
    }
  });

  it('gives every entry an SVG icon file shipped in public/ (never an emoji, which may show as a box)', async () => {
    for (const entry of await allEntries()) {
      expect(entry.icon, entry.id).toBe(`/catalog-icons/${entry.id}.svg`);
      const svg = readFileSync(path.join(__dirname, '../../public', entry.icon!), 'utf8');
      expect(svg, entry.id).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 64 64"/,
      );
    }
  });

  it('uses each id once across all files', async () => {
    const ids = (await allEntries()).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the popular real launchers by their git URLs, each with an icon, tags and a proxy profile', async () => {
    const entries = await allEntries();
    for (const id of POPULAR) {
      const entry = entries.find((e) => e.id === id);
      expect(entry, id).toBeDefined();
      expect(entry!.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
      expect(entry!.icon).toBeTruthy();
      expect(entry!.tags.length).toBeGreaterThan(0);
      expect(entry!.proxy, id).toBeDefined();
    }
  });

  it('points remote entries at the repositories the launcher corpus was taken from', async () => {
    const manifest = readFileSync(path.join(corpusDir, 'MANIFEST.md'), 'utf8');
    const repos = [...manifest.matchAll(/^\| [\w.-]+ \| ([\w.-]+\/[\w.-]+) \|/gm)].map(
      (m) => `https://github.com/${m[1]}.git`,
    );
    expect(repos.length).toBeGreaterThan(5);
    const remote = (await allEntries()).filter((e) => !bundledFolder(e));
    for (const entry of remote) expect(repos, entry.id).toContain(entry.source);
  });

  it('serves apps at their own origins, with GRADIO_ROOT_PATH for Gradio apps in path mode, and Open WebUI on its own port', async () => {
    const entries = await allEntries();
    const byId = (id: string) => entries.find((e) => e.id === id)!;
    for (const id of ['forge', 'whisper-webui', 'facefusion', 'applio', 'fluxgym']) {
      expect(byId(id).proxy).toMatchObject({
        mode: 'origin',
        stripPrefix: true,
        rootPathEnv: 'GRADIO_ROOT_PATH',
      });
    }
    expect(byId('open-webui').proxy).toMatchObject({ mode: 'port' });
    expect(byId('comfyui').proxy).toMatchObject({ mode: 'origin', stripPrefix: true });
  });

  it('has a launcher folder for every bundled entry, and an entry for every launcher folder', async () => {
    const bundled = (await allEntries()).map(bundledFolder).filter((f): f is string => f !== null);
    expect(bundled).toEqual(
      expect.arrayContaining(['ocr-studio', 'python-hello', 'model-downloader']),
    );
    for (const folder of bundled)
      expect(existsSync(path.join(launchersDir, folder, 'pinokio.js')), folder).toBe(true);
    const folders = readdirSync(launchersDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual([...bundled].sort());
  });

  it('is what the engine Catalog lists, with bundled sources resolved to catalog/launchers/<folder>', async () => {
    const catalog = new Catalog(catalogDir);
    const listed = await catalog.list();
    expect(listed.map((e) => e.id)).toEqual((await allEntries()).map((e) => e.id));
    const ocr = await catalog.get('ocr-studio');
    expect(catalog.sourceOf(ocr!)).toBe(path.join(launchersDir, 'ocr-studio'));
  });
});

describe('a bad catalog entry', () => {
  it('is refused with the file, the field path and the reason (an id that is not an app name)', async () => {
    const file = path.join(fixturesDir, 'bad-entry/apps.json');
    await expect(readCatalogFile(file)).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/apps\.json: apps\.0\.id: a lowercase id/),
    });
  });

  it('is refused when its source is neither an https git URL nor bundled:<folder>', async () => {
    const file = path.join(fixturesDir, 'bad-source/apps.json');
    await expect(readCatalogFile(file)).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/apps\.0\.source: an https git URL/),
    });
  });

  it('is refused when VRAM is negative or a screenshot is not a /path or an https URL, naming the field', () => {
    const base = { id: 'x', title: 'X', description: 'x', source: 'bundled:x' };
    const vram = catalogEntrySchema.safeParse({ ...base, vramGb: -1 });
    expect(vram.success).toBe(false);
    expect(vram.error?.issues[0]?.path).toEqual(['vramGb']);
    const shot = catalogEntrySchema.safeParse({ ...base, screenshots: ['http://x/a.png'] });
    expect(shot.error?.issues[0]).toMatchObject({
      path: ['screenshots', 0],
      message: 'a /path or an https URL',
    });
    expect(
      catalogEntrySchema.parse({ ...base, vramGb: 12, diskGb: 30, screenshots: ['/s/a.png'] }),
    ).toMatchObject({ vramGb: 12, diskGb: 30, screenshots: ['/s/a.png'] });
  });

  it('makes the whole catalog fail to load, so a broken file cannot ship unnoticed', async () => {
    await expect(new Catalog(path.join(fixturesDir, 'bad-entry')).list()).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });
});
