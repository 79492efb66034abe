// Archive links checked on disk: symlink chains, hard links through them, links to /etc and late-bending links are refused.
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from '../../../../lib/engine/downloads/archive/extract';
import { buildTar, buildZip, type TarItem, type ZipItem } from './archive-builders';

const LINK = 0o120777;
/** Deep enough that climbing this many folders from the extraction folder reaches `/`. */
const DEPTH = 40;

describe('extractArchive links on disk', () => {
  let dir: string;
  let out: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-links-'));
    out = path.join(dir, 'out');
    await mkdir(out);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Extracts an archive that must be refused, and checks that nothing appeared beside or inside `out`. */
  async function expectRefused(name: string, bytes: Buffer, entry: string): Promise<void> {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    const before = (await readdir(dir)).sort();
    const error = await extractArchive({ file, dest: out }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'archive_unsafe', details: { entry } });
    expect((error as Error).message).toContain(entry);
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readdir(out)).toEqual([]);
  }

  const chain = (): TarItem[] => [
    { path: 'ok.txt', body: 'ok' },
    { path: 'a/b/', type: 'Directory' },
    // Each link looks inside by its name alone: a/b/.. /.. is the root, a/b/up/../.. is a/.
    { path: 'a/b/up', type: 'SymbolicLink', linkpath: '../..' },
    { path: 'a/b/up/esc', type: 'SymbolicLink', linkpath: '../..' },
  ];

  it('refuses a tar symlink chain followed by a hard link through it', async () => {
    const tar = buildTar([
      ...chain(),
      { path: 'a/b/up/esc/pwned.txt', type: 'Link', linkpath: 'ok.txt' },
    ]);
    await expectRefused('chain.tar', tar, 'a/b/up/esc');
  });

  it('refuses the same chain in a zip, whose last link would be made outside', async () => {
    const zip = buildZip([
      { path: 'ok.txt', body: 'ok' },
      { path: 'a/b/' },
      { path: 'a/b/up', body: '../..', mode: LINK },
      { path: 'a/b/up/esc', body: '../..', mode: LINK },
      { path: 'a/b/up/esc/pwned', body: 'ok.txt', mode: LINK },
    ]);
    await expectRefused('chain.zip', zip, 'a/b/up/esc');
  });

  it('refuses a hard link whose source is reached through a symlink', async () => {
    const tar = buildTar([
      { path: 'ok.txt', body: 'ok' },
      { path: 'a/b/', type: 'Directory' },
      { path: 'a/b/up', type: 'SymbolicLink', linkpath: '../..' },
      { path: 'copy.txt', type: 'Link', linkpath: 'a/b/up/ok.txt' },
    ]);
    await expectRefused('via.tar', tar, 'copy.txt');
  });

  it('refuses a link that reaches /etc through a chain, in tar and zip', async () => {
    const deep = Array.from({ length: DEPTH }, (_, i) => `d${i}`).join('/');
    const climb = (n: number): string => Array.from({ length: n }, () => '..').join('/');
    // By name, `${deep}/up/etc` points at `d0/etc`; on disk it sits in the root and climbs to `/etc`.
    const tar = buildTar([
      { path: `${deep}/`, type: 'Directory' },
      { path: `${deep}/up`, type: 'SymbolicLink', linkpath: climb(DEPTH) },
      { path: `${deep}/up/etc`, type: 'SymbolicLink', linkpath: `${climb(DEPTH)}/etc` },
    ]);
    await expectRefused('etc.tar', tar, `${deep}/up/etc`);
    const zip = buildZip([
      { path: `${deep}/` },
      { path: `${deep}/up`, body: climb(DEPTH), mode: LINK },
      { path: `${deep}/up/etc`, body: `${climb(DEPTH)}/etc`, mode: LINK },
    ]);
    await expectRefused('etc.zip', zip, `${deep}/up/etc`);
  });

  it('refuses a dangling symlink whose target lies outside, so no later write can go through it', async () => {
    const tar = buildTar([
      ...chain().slice(0, 3),
      { path: 'a/b/up/made', type: 'SymbolicLink', linkpath: '../../pwned.txt' },
    ]);
    await expectRefused('dangling.tar', tar, 'a/b/up/made');
  });

  it('refuses a dangling symlink that a later link bends outside', async () => {
    // `p` dangles inside when made (a/b/q is missing); `a/b/q -> .` then makes it climb one folder too many.
    const items: ZipItem[] = [
      { path: 'a/b/' },
      { path: 'p', body: 'a/b/q/../../..', mode: LINK },
      { path: 'a/b/q', body: '.', mode: LINK },
    ];
    await expectRefused('bent.zip', buildZip(items), 'p');
  });

  it('still extracts internal relative symlinks and hard links, in tar and zip', async () => {
    const tar = buildTar([
      { path: 'lib/real/file.txt', body: 'data' },
      { path: 'lib/cur', type: 'SymbolicLink', linkpath: 'real' },
      { path: 'bin/run', type: 'SymbolicLink', linkpath: '../lib/cur/file.txt' },
      { path: 'top', type: 'SymbolicLink', linkpath: 'lib' },
      { path: 'top/alias', type: 'SymbolicLink', linkpath: 'real/file.txt' },
      { path: 'lib/real/same.txt', type: 'Link', linkpath: 'lib/real/file.txt' },
    ]);
    const zip = buildZip([
      { path: 'lib/real/file.txt', body: 'data' },
      { path: 'lib/cur', body: 'real', mode: LINK },
      { path: 'bin/run', body: '../lib/cur/file.txt', mode: LINK },
      { path: 'top', body: 'lib', mode: LINK },
      { path: 'top/alias', body: 'real/file.txt', mode: LINK },
    ]);
    for (const [name, bytes] of [
      ['ok.tar', tar],
      ['ok.zip', zip],
    ] as const) {
      const file = path.join(dir, name);
      const dest = path.join(dir, `x-${name}`);
      await writeFile(file, bytes);
      await extractArchive({ file, dest });
      expect(await readFile(path.join(dest, 'bin/run'), 'utf8')).toBe('data');
      expect(await readlink(path.join(dest, 'lib/alias'))).toBe('real/file.txt');
      expect(await readFile(path.join(dest, 'top/alias'), 'utf8')).toBe('data');
      if (name.endsWith('.tar'))
        expect((await lstat(path.join(dest, 'lib/real/same.txt'))).nlink).toBe(2);
    }
  });
});
