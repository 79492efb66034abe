// Archive extraction: real zip/tar.gz/tar.xz made by the CLI tools, strip, and hostile archives rejected.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from '../../../../lib/engine/downloads/archive/extract';
import { buildTar, buildTarGz, buildZip } from './archive-builders';

describe('extractArchive', () => {
  let dir: string;
  let src: string;
  let out: string;
  // Above the in-memory threshold, so the streaming path is exercised too.
  const big = randomBytes(4 * 1024 * 1024 + 4096);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-extract-'));
    src = path.join(dir, 'src');
    out = path.join(dir, 'out');
    await mkdir(path.join(src, 'repo-main', 'pkg', 'deep'), { recursive: true });
    await writeFile(path.join(src, 'repo-main', 'README.md'), 'hello\n');
    await writeFile(path.join(src, 'repo-main', 'pkg', 'deep', 'run.sh'), '#!/bin/sh\necho hi\n', {
      mode: 0o755,
    });
    await symlink('pkg/deep/run.sh', path.join(src, 'repo-main', 'run'));
    await writeFile(path.join(src, 'repo-main', 'pkg', 'weights.bin'), big);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function expectTree(root: string, withBig = true): Promise<void> {
    expect(await readFile(path.join(root, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await readFile(path.join(root, 'pkg', 'deep', 'run.sh'), 'utf8')).toContain('echo hi');
    expect((await lstat(path.join(root, 'pkg', 'deep', 'run.sh'))).mode & 0o111).not.toBe(0);
    expect(await readlink(path.join(root, 'run'))).toBe('pkg/deep/run.sh');
    if (withBig)
      expect((await readFile(path.join(root, 'pkg', 'weights.bin'))).equals(big)).toBe(true);
  }

  it.each([
    ['app.tar.gz', ['czf']],
    ['app.tgz', ['czf']],
    ['app.tar.xz', ['cJf']],
    ['app.tar', ['cf']],
  ])('extracts %s made by GNU tar, stripping the top folder', async (name, flags) => {
    const file = path.join(dir, name);
    // xz is slow on incompressible data: its archive leaves the large random file out.
    const xz = name.endsWith('.xz');
    execFileSync('tar', [
      ...flags,
      file,
      ...(xz ? ['--exclude=weights.bin'] : []),
      '-C',
      src,
      'repo-main',
    ]);
    const result = await extractArchive({ file, dest: out, strip: 1 });
    expect(result.entries).toBeGreaterThan(3);
    await expectTree(out, !xz);
    expect((await readdir(out)).some((n) => n.startsWith('.hangar-extract-'))).toBe(false);
  });

  it('extracts a zip made by Info-ZIP, with and without strip', async () => {
    const file = path.join(dir, 'app.zip');
    execFileSync('zip', ['-qry', file, 'repo-main'], { cwd: src });
    await extractArchive({ file, dest: out, strip: 1 });
    await expectTree(out);
    await extractArchive({ file, dest: path.join(dir, 'nostrip') });
    await expectTree(path.join(dir, 'nostrip', 'repo-main'));
  });

  it('reads a zip64 archive (forced with zip -fz)', async () => {
    const file = path.join(dir, 'z64.zip');
    execFileSync('zip', ['-qry', '-fz', file, 'repo-main'], { cwd: src });
    await extractArchive({ file, dest: out, strip: 1 });
    await expectTree(out);
  });

  it('recognises an archive by its bytes when the name says nothing', async () => {
    const file = path.join(dir, 'download');
    execFileSync('tar', ['czf', file, '-C', src, 'repo-main']);
    expect((await extractArchive({ file, dest: out, strip: 1 })).kind).toBe('tar.gz');
  });

  it('merges into an existing folder, overwriting the files the archive carries', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'README.md'), 'old');
    await writeFile(path.join(out, 'keep.txt'), 'mine');
    const file = path.join(dir, 'a.zip');
    execFileSync('zip', ['-qry', file, 'repo-main'], { cwd: src });
    await extractArchive({ file, dest: out, strip: 1 });
    expect(await readFile(path.join(out, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await readFile(path.join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  const hostile: [string, () => Buffer, string][] = [
    [
      'tar with ../ entry',
      () =>
        buildTarGz([
          { path: 'ok.txt', body: 'ok' },
          { path: '../evil.txt', body: 'x' },
        ]),
      'x.tar.gz',
    ],
    [
      'tar with nested ../ entry',
      () => buildTar([{ path: 'a/../../evil.txt', body: 'x' }]),
      'x.tar',
    ],
    [
      'tar with absolute path',
      () =>
        buildTarGz([
          { path: 'ok.txt', body: 'ok' },
          { path: '/tmp/evil.txt', body: 'x' },
        ]),
      'x.tgz',
    ],
    [
      'tar with symlink out',
      () =>
        buildTarGz([
          { path: 'ok.txt', body: 'ok' },
          { path: 'link', type: 'SymbolicLink', linkpath: '../../etc' },
        ]),
      'x.tar.gz',
    ],
    [
      'tar with absolute symlink',
      () => buildTarGz([{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }]),
      'x.tar.gz',
    ],
    [
      'tar with hardlink out',
      () => buildTarGz([{ path: 'hl', type: 'Link', linkpath: '../evil.txt' }]),
      'x.tar.gz',
    ],
    [
      'zip with ../ entry',
      () =>
        buildZip([
          { path: 'ok.txt', body: 'ok' },
          { path: '../evil.txt', body: 'x' },
        ]),
      'x.zip',
    ],
    ['zip with absolute path', () => buildZip([{ path: '/tmp/evil.txt', body: 'x' }]), 'x.zip'],
    [
      'zip with symlink out',
      () =>
        buildZip([
          { path: 'ok.txt', body: 'ok' },
          { path: 'link', body: '../../outside', mode: 0o120777 },
        ]),
      'x.zip',
    ],
  ];

  it.each(hostile)('rejects a %s and writes nothing', async (_label, build, name) => {
    const file = path.join(dir, name);
    await writeFile(file, build());
    const error = await extractArchive({ file, dest: out }).catch((e) => e);
    expect(error.code).toBe('archive_unsafe');
    expect(existsSync(path.join(dir, 'evil.txt'))).toBe(false);
    expect(await readdir(out)).toEqual([]);
  });

  it('streams an entry larger than the in-flight write window without stalling', async () => {
    const file = path.join(dir, 'huge.tar');
    await writeFile(
      file,
      buildTar([
        { path: 'huge.bin', body: 'z'.repeat(20 * 1024 * 1024) },
        { path: 'after.txt', body: 'ok' },
      ]),
    );
    await extractArchive({ file, dest: out });
    expect((await lstat(path.join(out, 'huge.bin'))).size).toBe(20 * 1024 * 1024);
    expect(await readFile(path.join(out, 'after.txt'), 'utf8')).toBe('ok');
  });

  it('rejects an unknown format', async () => {
    const file = path.join(dir, 'notes.bin');
    await writeFile(file, 'just text');
    await expect(extractArchive({ file, dest: out })).rejects.toMatchObject({
      code: 'unsupported',
    });
  });
});
