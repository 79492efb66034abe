// Which `kernel.<member>` a launcher's code uses that Hangar's kernel lacks, found by scanning its source.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface MissingMember {
  /** `bogus`, or `shell.bogus` for a member of a kernel object. */
  member: string;
  /** 1-based line of the first use. */
  line: number;
}

/** Strings stay (they keep code apart from comments); comments become blank, keeping line numbers. */
const TOKENS =
  /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const NAME = '[A-Za-z_$][\\w$]*';
/** A function whose parameters are `(X, info)`: X is the kernel, whatever the module calls it. */
const KERNEL_PARAM = new RegExp(`\\(\\s*(${NAME})\\s*,\\s*info\\s*[,)]`, 'g');

function accessPattern(names: ReadonlySet<string>): RegExp {
  const alternatives = [...names].map((n) => n.replace(/\$/g, '\\$')).join('|');
  return new RegExp(
    `(?<![\\w$.])(?:${alternatives})\\s*\\??\\.\\s*(${NAME})(?:\\s*\\??\\.\\s*(${NAME}))?`,
    'g',
  );
}

/**
 * Members used in `source` (as `kernel.x` or `kernel.x.y`; also under the name a `(k, info) =>` function gives
 * its kernel parameter) that `kernel` does not have, first use each.
 */
export function missingKernelMembers(source: string, kernel: object): MissingMember[] {
  const code = source.replace(TOKENS, (all, literal: string | undefined) =>
    literal === undefined ? all.replace(/[^\n]/g, ' ') : literal,
  );
  const names = new Set(['kernel', ...[...code.matchAll(KERNEL_PARAM)].map((m) => m[1]!)]);
  const out = new Map<string, MissingMember>();
  for (const match of code.matchAll(accessPattern(names))) {
    const [, name, sub] = match as unknown as [string, string, string | undefined];
    const missing = missingPath(kernel, name, sub);
    if (missing && !out.has(missing)) {
      const line = code.slice(0, match.index).split('\n').length;
      out.set(missing, { member: missing, line });
    }
  }
  return [...out.values()];
}

/** Missing members in a file's source (throws when the file cannot be read). */
export function missingKernelMembersOf(file: string, kernel: object): MissingMember[] {
  return missingKernelMembers(readFileSync(file, 'utf8'), kernel);
}

function missingPath(kernel: object, name: string, sub: string | undefined): string | null {
  if (!(name in kernel)) return name;
  if (sub === undefined) return null;
  // Getters (kernel.jsdom loads a package) are not called; only plain objects are looked into.
  const descriptor = Object.getOwnPropertyDescriptor(kernel, name);
  const value: unknown = descriptor && 'value' in descriptor ? descriptor.value : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return sub in value ? null : `${name}.${sub}`;
}

/** The warning text for one missing member. */
export function describeMissing(missing: MissingMember): string {
  return `kernel.${missing.member} (line ${missing.line}) is not a member of Hangar's kernel`;
}

const LOCAL_REQUIRE = /\brequire\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g;

/** The local `.js` files a module requires (`require('./lib/x')`), resolved as Node resolves them. */
export function localRequires(file: string): string[] {
  const dir = path.dirname(file);
  const out: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(LOCAL_REQUIRE)) {
    const base = path.resolve(dir, match[2]!);
    const found = [base, `${base}.js`, `${base}.cjs`, path.join(base, 'index.js')].find(
      (candidate) => /\.c?js$/.test(candidate) && isFile(candidate),
    );
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
