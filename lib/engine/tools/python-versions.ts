// A Python of a wanted version (`venv_python: "3.10"`) among the interpreters on a PATH.
import { execFile } from 'node:child_process';
import { findExecutable } from './probe';

export interface PythonMatch {
  /** Absolute path of an interpreter whose version starts with the wanted one. */
  path: string;
  version: string;
}

export interface PythonSearch {
  match: PythonMatch | null;
  /** What was tried and why each did not fit, for the error message. */
  tried: string[];
}

/** `3.10` → ['3', '10']; throws on anything but dotted numbers. */
export function parsePythonVersion(value: string): string[] {
  const wanted = value.trim().replace(/^python/, '');
  if (!/^\d+(\.\d+){0,2}$/.test(wanted))
    throw new Error(`"${value}" is not a Python version (expected something like "3.10")`);
  return wanted.split('.');
}

function versionOf(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      file,
      ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
      { timeout: 10_000, encoding: 'utf8' },
      (error, stdout) => resolve(error ? null : stdout.trim()),
    );
  });
}

/** Looks for `python<major.minor>`, then `python3` and `python`, on `searchPath`; each is run to read its version. */
export async function findPython(version: string, searchPath: string): Promise<PythonSearch> {
  const parts = parsePythonVersion(version);
  const short = parts.slice(0, 2).join('.');
  const names = [...new Set([`python${short}`, 'python3', 'python'])];
  const tried: string[] = [];
  for (const name of names) {
    const file = await findExecutable(name, searchPath);
    if (!file) continue;
    const found = await versionOf(file);
    if (found === null) {
      tried.push(`${file} did not run`);
      continue;
    }
    const have = found.split('.');
    if (parts.every((part, i) => have[i] === part))
      return { match: { path: file, version: found }, tried };
    tried.push(`${file} is Python ${found}`);
  }
  return { match: null, tried };
}
