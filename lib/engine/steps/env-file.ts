// ENVIRONMENT files (dotenv syntax): read with `./` values resolved against the owning folder, update in place.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../home';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)?\s*$/;

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\n/g, '\n') : inner;
  }
  const hash = v.indexOf(' #');
  return hash >= 0 ? v.slice(0, hash).trim() : v;
}

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    const m = LINE.exec(line);
    if (m) out[m[1]] = unquote(m[2] ?? '');
  }
  return out;
}

/** Reads `<dir>/ENVIRONMENT`; empty values are skipped and `./x` values become absolute paths in dir. */
export async function readEnvFile(dir: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'ENVIRONMENT'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseDotenv(text))) {
    if (value === '') continue;
    out[key] = value.startsWith('./') ? path.resolve(dir, value) : value;
  }
  return out;
}

/** Process env + home ENVIRONMENT + app ENVIRONMENT (later wins). */
export async function mergedEnv(
  homeRoot: string,
  appDir: string | null,
): Promise<Record<string, string>> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  const home = await readEnvFile(homeRoot);
  const app =
    appDir && path.resolve(appDir) !== path.resolve(homeRoot) ? await readEnvFile(appDir) : {};
  return { ...base, ...home, ...app };
}

function quote(value: string): string {
  return /[\s#"'\\]/.test(value) || value.includes('\n') ? JSON.stringify(value) : value;
}

/** Sets keys in `<dir>/ENVIRONMENT`, replacing existing lines and keeping comments and other keys. */
export async function setEnvValues(dir: string, values: Record<string, string>): Promise<void> {
  const file = path.join(dir, 'ENVIRONMENT');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pending = new Map(Object.entries(values));
  const lines = text.length ? text.replace(/\n$/, '').split(/\n/) : [];
  const updated = lines.map((line) => {
    const m = /^\s*#/.test(line) ? null : LINE.exec(line);
    if (!m || !pending.has(m[1])) return line;
    const value = pending.get(m[1]) as string;
    pending.delete(m[1]);
    return `${m[1]}=${quote(value)}`;
  });
  for (const [key, value] of pending) updated.push(`${key}=${quote(value)}`);
  await writeFileAtomic(file, `${updated.join('\n')}\n`);
}
