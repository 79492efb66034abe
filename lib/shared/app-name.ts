// The app-name rule and name suggestions, shared by the engine (which enforces them) and the install form.
import { APP_NAME_PATTERN } from './app';

/** Why a name cannot name an app, or null when it can. */
export function appNameProblem(name: string): string | null {
  if (name === '') return 'enter a name';
  if (APP_NAME_PATTERN.test(name) && name !== '.' && name !== '..') return null;
  return `"${name.slice(0, 80)}" is not a valid app name: use lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (at most 64 characters)`;
}

/** Any text (a folder name, a launcher's title) turned into a valid app name, or '' when nothing is left. */
export function toAppName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[-.]+$/, '');
}

/** A default name from a source: the repository or folder name, lowercased and cleaned. */
export function deriveAppName(source: string): string {
  const trimmed = source
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/\\/g, '/')
    .replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.git$/i, '');
  return toAppName(base) || 'app';
}

/** Whether an app's title already says its name ("Python Hello" for python-hello); else the UI shows the name too. */
export function titleSaysName(title: string | null | undefined, name: string): boolean {
  return !title || toAppName(title) === name;
}
