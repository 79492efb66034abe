// A launcher's icon is served only when it is an image file inside the app's folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findAppIcon, shownIcon } from '../../../../lib/engine/apps/app-icon';

let root: string;
let app: string;
let launcher: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hangar-icon-'));
  app = path.join(root, 'api', 'demo');
  launcher = path.join(app, 'pinokio');
  await mkdir(path.join(launcher, 'img'), { recursive: true });
  await writeFile(path.join(launcher, 'icon.png'), 'png bytes');
  await writeFile(path.join(launcher, 'img', 'logo.SVG'), '<svg/>');
  await writeFile(path.join(app, 'shared.webp'), 'webp bytes');
  await writeFile(path.join(launcher, 'notes.txt'), 'text');
  await writeFile(path.join(launcher, 'huge.png'), Buffer.alloc(5 * 1024 * 1024));
  await writeFile(path.join(root, 'secret.png'), 'outside');
  await symlink(path.join(root, 'secret.png'), path.join(launcher, 'linked.png'));
  await mkdir(path.join(launcher, 'folder.png'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('findAppIcon', () => {
  it('finds an image relative to the launcher folder, with its type and size', async () => {
    expect(await findAppIcon(launcher, app, 'icon.png')).toEqual({
      file: path.join(launcher, 'icon.png'),
      bytes: 9,
      type: 'image/png',
    });
    expect(await findAppIcon(launcher, app, 'img/logo.SVG')).toMatchObject({
      type: 'image/svg+xml',
    });
    expect(await findAppIcon(launcher, app, '../shared.webp')).toMatchObject({
      type: 'image/webp',
      bytes: 10,
    });
  });

  it.each([
    ['a URL', 'https://example.com/icon.png'],
    ['a protocol-relative URL', '//example.com/icon.png'],
    ['a data URL', 'data:image/png;base64,AAAA'],
    ['not an image', 'notes.txt'],
    ['a missing file', 'gone.png'],
    ['a folder', 'folder.png'],
    ['a file over 4 MiB', 'huge.png'],
    ['a path out of the app', '../../../secret.png'],
    ['a symlink out of the app', 'linked.png'],
    ['not a string', 42],
    ['an empty string', ''],
  ])('gives nothing for %s', async (_what, icon) => {
    expect(await findAppIcon(launcher, app, icon)).toBeNull();
  });

  it('gives nothing for an absolute path out of the app', async () => {
    expect(await findAppIcon(launcher, app, path.join(root, 'secret.png'))).toBeNull();
  });
});

describe('shownIcon', () => {
  it('names an image file only when it can be served; URLs and emoji pass as the launcher gives them', async () => {
    expect(await shownIcon(launcher, app, 'icon.png')).toBe('icon.png');
    // A launcher naming an icon its repository lacks (ComfyUI's icon.jpeg, left out of a copy) gets the letter tile.
    expect(await shownIcon(launcher, app, 'icon.jpeg')).toBeNull();
    expect(await shownIcon(launcher, app, 'linked.png')).toBeNull();
    expect(await shownIcon(launcher, app, 'https://example.com/logo.png')).toBe(
      'https://example.com/logo.png',
    );
    expect(await shownIcon(launcher, app, '🚀')).toBe('🚀');
    expect(await shownIcon(launcher, app, 42)).toBeNull();
  });
});
