// A launcher's icon file (`icon: "icon.png"` in pinokio.js): an image inside the app's folder, or nothing.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isEngineError } from '../errors';
import { resolveInside } from '../script/safe-path';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
};
/** Bigger files are not icons (and are not served as one). */
const MAX_ICON_BYTES = 4 * 1024 * 1024;

export interface IconFile {
  file: string;
  bytes: number;
  type: string;
}

/**
 * The icon a launcher names, relative to its folder `launcherDir`, when it is an image file inside `appDir`
 * (symlinks followed and checked); null for URLs, other file types, missing or oversized files and anything outside.
 */
export async function findAppIcon(
  launcherDir: string,
  appDir: string,
  icon: unknown,
): Promise<IconFile | null> {
  const type = iconFileType(icon);
  if (typeof icon !== 'string' || type === null) return null;
  let file: string;
  try {
    file = resolveInside(icon, { base: launcherDir, allowed: [appDir], param: 'icon' });
  } catch (error) {
    if (isEngineError(error)) return null;
    throw error;
  }
  try {
    const info = await stat(file);
    return info.isFile() && info.size <= MAX_ICON_BYTES ? { file, bytes: info.size, type } : null;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return null;
    throw error;
  }
}

/**
 * The icon to show on the app's card: a URL or an emoji as the launcher gives it, an image file's name only when
 * that file can be served (a launcher naming an icon its repository lacks gets the letter tile, not a broken image).
 */
export async function shownIcon(
  launcherDir: string,
  appDir: string,
  icon: unknown,
): Promise<string | null> {
  if (typeof icon !== 'string' || icon === '') return null;
  if (iconFileType(icon) === null) return icon;
  return (await findAppIcon(launcherDir, appDir, icon)) ? icon : null;
}

/** The image type of an icon that names a file (not a URL), or null. */
function iconFileType(icon: unknown): string | null {
  if (
    typeof icon !== 'string' ||
    icon === '' ||
    /^[a-z][a-z0-9+.-]*:/i.test(icon) ||
    icon.startsWith('//')
  )
    return null;
  return TYPES[path.extname(icon).toLowerCase()] ?? null;
}
