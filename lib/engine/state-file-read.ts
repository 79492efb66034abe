// Loading the home's state files: JSON checked against a schema; a bad file is kept aside, reported, never overwritten.
import { access, link, readFile, rename, unlink } from 'node:fs/promises';
import type { ZodType } from 'zod';
import type { ErrorCode } from '../shared/errors';
import { EngineError, errorMessage } from './errors';

export interface StateWarning {
  file: string;
  keptAs: string;
  message: string;
  at: number;
}

const MAX_WARNINGS = 50;
/** Bad state files met by this process, newest last (the doctor shows those of its home). */
const warnings: StateWarning[] = [];

/** Bad state files kept aside under `root` (a home) since this process started. */
export function stateWarningsUnder(root: string): StateWarning[] {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return warnings.filter((w) => w.file.startsWith(prefix)).map((w) => ({ ...w }));
}

/** Moves `file` to `<file>.corrupt-<ISO time>` (a free name: an earlier copy is never replaced) and returns that name. */
export async function keepAside(file: string): Promise<string> {
  const stamp = new Date().toISOString();
  for (let i = 0; ; i += 1) {
    const aside = `${file}.corrupt-${stamp}${i === 0 ? '' : `-${i}`}`;
    try {
      // A hard link fails on an existing name instead of replacing it.
      await link(file, aside);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      if (await exists(aside)) continue;
      await rename(file, aside);
      return aside;
    }
    await unlink(file);
    return aside;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    // Only a missing name is free; any other failure is reported by the rename that follows.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * Reads and validates a state file: null when it does not exist. A file that is not JSON or breaks `schema`
 * is moved aside first, then an error naming the file, the field and the kept copy is thrown.
 */
export async function readStateFile<T>(
  file: string,
  schema: ZodType<T>,
  code: ErrorCode = 'state_corrupt',
): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let problem: { field: string | null; text: string };
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    problem = { field, text: `is invalid at ${field}: ${issue.message}` };
  } catch (error) {
    problem = { field: null, text: `is not valid JSON (${errorMessage(error)})` };
  }
  const keptAs = await keepAside(file);
  throw new EngineError(
    code,
    `${file} ${problem.text}. Hangar moved it aside to ${keptAs} and did not change it.`,
    {
      details: { file, field: problem.field, keptAs },
    },
  );
}

/**
 * Like readStateFile, for state Hangar can start without: a bad file is kept aside, reported once on stderr and
 * to the doctor, and `empty` is returned.
 */
export async function readStateFileOr<T>(file: string, schema: ZodType<T>, empty: T): Promise<T> {
  try {
    return (await readStateFile(file, schema)) ?? empty;
  } catch (error) {
    if (!(error instanceof EngineError) || error.code !== 'state_corrupt') throw error;
    const keptAs = String(error.details?.keptAs);
    warnings.push({ file, keptAs, message: error.message, at: Date.now() });
    if (warnings.length > MAX_WARNINGS) warnings.shift();
    console.error(`hangar: ${error.message} Starting with an empty state instead.`);
    return empty;
  }
}
