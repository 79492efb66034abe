// text-generation-webui sees the drive through its own flags file: `--model-dir` in CMD_FLAGS.txt, which every
// version's start script reads (`user_data/CMD_FLAGS.txt` since models moved to `user_data/models`, before that
// CMD_FLAGS.txt beside the one-click installer), so the launcher's own flags (`--cpu`) stay as they are.
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../state-file';
import { shellQuote } from '../steps/shell/message';

/** The line above Hangar's flag in CMD_FLAGS.txt; the pair is replaced at each start, never repeated. */
export const TEXTGEN_MARK = "# hangar: the shared drive's models (rewritten at each start)";

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/**
 * The webui's folder (where server.py and modules/ are) in an app: the app folder, `app/`, or the one-click
 * installer's `text-generation-webui/` (the corpus launcher clones the installer there, and it clones the webui into
 * a folder of the same name).
 */
export async function textgenFolder(appDir: string): Promise<string | null> {
  const tgw = path.join(appDir, 'text-generation-webui');
  for (const dir of [
    appDir,
    path.join(appDir, 'app'),
    tgw,
    path.join(tgw, 'text-generation-webui'),
  ])
    if ((await isFile(path.join(dir, 'server.py'))) && (await isDir(path.join(dir, 'modules'))))
      return dir;
  return null;
}

/**
 * The CMD_FLAGS.txt the webui's start script reads: `user_data/` in versions that have it; beside one_click.py in
 * the webui's folder; else beside the separate one-click installer's webui.py (the folder above the webui's).
 */
export async function textgenFlagsFile(webui: string): Promise<string> {
  if (await isDir(path.join(webui, 'user_data')))
    return path.join(webui, 'user_data', 'CMD_FLAGS.txt');
  if (await isFile(path.join(webui, 'one_click.py'))) return path.join(webui, 'CMD_FLAGS.txt');
  const installer = path.dirname(webui);
  if (await isFile(path.join(installer, 'webui.py'))) return path.join(installer, 'CMD_FLAGS.txt');
  return path.join(webui, 'CMD_FLAGS.txt');
}

/** The flags text with Hangar's pair (mark and flag line) replaced or appended; every other line kept. */
export function mergeTextgenFlags(text: string, modelDir: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] === TEXTGEN_MARK) {
      i += 1;
      continue;
    }
    kept.push(lines[i]!);
  }
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  return [...kept, TEXTGEN_MARK, `--model-dir ${shellQuote(modelDir)}`, ''].join('\n');
}

/** Points the webui's `--model-dir` at `modelDir` through its CMD_FLAGS.txt; returns that file, or null before install. */
export async function writeTextgenFlags(appDir: string, modelDir: string): Promise<string | null> {
  const webui = await textgenFolder(appDir);
  if (!webui) return null;
  const file = await textgenFlagsFile(webui);
  await mkdir(modelDir, { recursive: true });
  const before = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const after = mergeTextgenFlags(before, modelDir);
  if (after !== before) await writeFileAtomic(file, after);
  return file;
}
