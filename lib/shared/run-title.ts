// What a run is called where people read it: the launcher menu's words for its script ("Ask a question"), else the
// lifecycle's ("Install", "Start"), else its file name. The file name stays beside it for those who know launchers.
import { stripTags } from './html';
import type { MenuItem } from './menu';

/** The script's file name from an absolute or relative path. */
export function scriptName(script: string): string {
  return script.split(/[\\/]/).pop() ?? script;
}

const LIFECYCLE: readonly [RegExp, string][] = [
  [/^install\.(js|json)$/, 'Install'],
  [/^start\.(js|json)$/, 'Start'],
  [/^update\.(js|json)$/, 'Update'],
  [/^reset\.(js|json)$/, 'Reset'],
  // The install run's first phase, fetching the app's files.
  [/^fetch$/, 'Install'],
];

function* itemsOf(menu: readonly MenuItem[]): Generator<MenuItem> {
  for (const item of menu) {
    yield item;
    if (Array.isArray(item.menu)) yield* itemsOf(item.menu);
  }
}

/** The menu item's words for `script` (a path relative to the launcher), or null. */
function menuWords(script: string, menu: readonly MenuItem[]): string | null {
  const file = scriptName(script);
  for (const item of itemsOf(menu)) {
    if (typeof item.href !== 'string' || /^[a-z]+:|^\//i.test(item.href)) continue;
    if (scriptName(item.href.split('?')[0] ?? '') !== file) continue;
    const words = stripTags(item.text ?? '').trim();
    if (words) return words;
  }
  return null;
}

/** The run's title, or null when only its file name can be given. */
export function runTitle(script: string, menu: readonly MenuItem[] = []): string | null {
  const words = menuWords(script, menu);
  if (words) return words;
  const file = scriptName(script);
  return LIFECYCLE.find(([pattern]) => pattern.test(file))?.[1] ?? null;
}
