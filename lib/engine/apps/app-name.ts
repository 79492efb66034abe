// App names: validation and derivation from a source (git URL, path or catalog id).
import path from 'node:path';
import { APP_NAME_PATTERN } from '../../shared/app';
import { EngineError } from '../errors';

export function assertAppName(name: string): string {
  if (!APP_NAME_PATTERN.test(name) || name === '.' || name === '..') {
    throw new EngineError(
      'invalid_name',
      `"${name.slice(0, 80)}" is not a valid app name: use lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (at most 64 characters)`,
      {
        details: { name: name.slice(0, 200) },
      },
    );
  }
  return name;
}

/** A default name from a source: the repository or folder name, lowercased and cleaned. */
export function deriveAppName(source: string): string {
  const trimmed = source.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const base = path.posix.basename(trimmed.replace(/\\/g, '/')).replace(/\.git$/i, '');
  const cleaned = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return cleaned || 'app';
}
