// The hub cache layout rules: etag names, relative snapshot links at any depth, refs, .no_exist, local-dir metadata.
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HfCacheRepo,
  isCommitHash,
  localDirMetadataPath,
  normalizeEtag,
  repoFolderName,
  snapshotLinkTarget,
  writeLocalDirMetadata,
} from '../../../../lib/engine/drive';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('hub cache names', () => {
  it('normalises etags as huggingface_hub does: weak prefix and quotes dropped', () => {
    expect(normalizeEtag('"abc123"')).toBe('abc123');
    expect(normalizeEtag('W/"abc123"')).toBe('abc123');
    expect(normalizeEtag('abc123')).toBe('abc123');
  });

  it('names repo folders by type with -- for /', () => {
    expect(repoFolderName('model', 'org/name')).toBe('models--org--name');
    expect(repoFolderName('dataset', 'org/set')).toBe('datasets--org--set');
    expect(repoFolderName('model', 'gpt2')).toBe('models--gpt2');
  });

  it('tells commit hashes from branch names', () => {
    expect(isCommitHash(COMMIT)).toBe(true);
    expect(isCommitHash('main')).toBe(false);
    expect(isCommitHash(COMMIT.slice(0, 39))).toBe(false);
  });

  it('links snapshots relatively, one .. per folder level', () => {
    expect(snapshotLinkTarget('a.bin', 'e1')).toBe('../../blobs/e1');
    expect(snapshotLinkTarget('sub/a.bin', 'e1')).toBe('../../../blobs/e1');
    expect(snapshotLinkTarget('x/y/z/a.bin', 'e1')).toBe('../../../../../blobs/e1');
    expect(() => snapshotLinkTarget('../a.bin', 'e1')).toThrow(/not a valid file path/);
    expect(() => snapshotLinkTarget('a//b', 'e1')).toThrow(/not a valid file path/);
  });
});

describe('HfCacheRepo on disk', () => {
  let dir: string;
  let cache: HfCacheRepo;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-hfcache-'));
    cache = HfCacheRepo.inHfHome(dir, 'model', 'org/name');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('places blobs, snapshots and refs where huggingface_hub looks', async () => {
    expect(cache.storage).toBe(path.join(dir, 'hub', 'models--org--name'));
    expect(cache.blobPath('e1')).toBe(path.join(cache.storage, 'blobs', 'e1'));
    expect(cache.snapshotPath(COMMIT, 'a/b.txt')).toBe(
      path.join(cache.storage, 'snapshots', COMMIT, 'a', 'b.txt'),
    );
  });

  it('links nested snapshot files to the blob through a relative symlink', async () => {
    await mkdir(path.dirname(cache.blobPath('e1')), { recursive: true });
    await writeFile(cache.blobPath('e1'), 'bytes');
    for (const file of ['top.json', 'one/two/deep.json']) {
      const link = await cache.linkSnapshot(COMMIT, file, 'e1');
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(path.isAbsolute(await readlink(link))).toBe(false);
      expect(await realpath(link)).toBe(await realpath(cache.blobPath('e1')));
      expect(await readFile(link, 'utf8')).toBe('bytes');
    }
  });

  it('replaces a snapshot link that points at an older blob', async () => {
    await mkdir(path.join(cache.storage, 'blobs'), { recursive: true });
    await writeFile(cache.blobPath('old'), 'old');
    await writeFile(cache.blobPath('new'), 'new');
    await cache.linkSnapshot(COMMIT, 'f.txt', 'old');
    await cache.linkSnapshot(COMMIT, 'f.txt', 'new');
    expect(await readFile(cache.snapshotPath(COMMIT, 'f.txt'), 'utf8')).toBe('new');
  });

  it('writes a ref for a branch or tag, none for a commit hash', async () => {
    await cache.writeRef('main', COMMIT);
    await cache.writeRef('refs/pr/1', COMMIT);
    await cache.writeRef(COMMIT, COMMIT);
    expect(await readFile(path.join(cache.storage, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(await readFile(path.join(cache.storage, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(
      COMMIT,
    );
    expect(await stat(path.join(cache.storage, 'refs', COMMIT)).catch(() => null)).toBeNull();
  });

  it('records and clears a missing file under .no_exist/<commit>', async () => {
    await cache.markMissing(COMMIT, 'sub/missing.bin');
    const marker = path.join(cache.storage, '.no_exist', COMMIT, 'sub', 'missing.bin');
    expect((await stat(marker)).size).toBe(0);
    await cache.clearMissing(COMMIT, 'sub/missing.bin');
    expect(await stat(marker).catch(() => null)).toBeNull();
  });

  it('writes local-dir metadata: commit, etag and a timestamp not older than the file', async () => {
    const localDir = path.join(dir, 'local');
    await mkdir(path.join(localDir, 'sub'), { recursive: true });
    await writeFile(path.join(localDir, 'sub', 'w.bin'), 'w');
    await writeLocalDirMetadata(localDir, 'sub/w.bin', COMMIT, 'e1');
    const meta = localDirMetadataPath(localDir, 'sub/w.bin');
    expect(meta).toBe(
      path.join(localDir, '.cache', 'huggingface', 'download', 'sub', 'w.bin.metadata'),
    );
    const [commit, etag, time] = (await readFile(meta, 'utf8')).split('\n');
    expect([commit, etag]).toEqual([COMMIT, 'e1']);
    const mtime = (await stat(path.join(localDir, 'sub', 'w.bin'))).mtimeMs / 1000;
    expect(Number(time)).toBeGreaterThanOrEqual(mtime - 1);
    expect(await readFile(path.join(localDir, '.cache', 'huggingface', '.gitignore'), 'utf8')).toBe(
      '*',
    );
  });
});
