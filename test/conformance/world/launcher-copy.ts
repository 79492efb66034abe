// A corpus launcher copied into a temp folder (the corpus stays read-only), with the files the corpus left out.
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STANDIN_SERVER_PY } from './standin-server';

/**
 * The corpus keeps only launcher scripts; these launchers' own repositories also ship the program their
 * scripts run, which a stand-in replaces.
 */
const OMITTED: Record<string, Record<string, string>> = {
  fluxgym: { 'app.py': STANDIN_SERVER_PY, 'requirements.txt': 'standin-package==1.0\n' },
  'searxng.pinokio': { 'start_searxng.py': STANDIN_SERVER_PY },
  // Its install's `patch` copies the launcher's own webui.py over the one-click installer's.
  'text-generation-webui.pinokio': { 'webui.py': STANDIN_SERVER_PY },
};

/** Returns the folder to install from. */
export async function launcherCopy(
  corpus: string,
  launcher: string,
  into: string,
): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(into, 'launcher-')), launcher);
  await cp(path.join(corpus, launcher), dir, { recursive: true });
  for (const [name, body] of Object.entries(OMITTED[launcher] ?? {}))
    await writeFile(path.join(dir, name), body);
  return dir;
}
