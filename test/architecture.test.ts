import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const SOURCE = /\.(ts|tsx|mts|mjs)$/;

function walk(dir: string): string[] {
  const abs = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    // The folder does not exist yet: nothing to check.
    return [];
  }
  return entries.flatMap((entry) => {
    const rel = path.join(dir, entry);
    return statSync(path.join(root, rel)).isDirectory()
      ? walk(rel)
      : SOURCE.test(entry)
        ? [rel]
        : [];
  });
}

/** Every module specifier a file imports (static, dynamic, re-exports, require). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const specs = new Set<string>();
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) specs.add(match[1]);
  return [...specs];
}

/** A repo-relative path for local imports, or the package name for bare ones. */
function target(file: string, spec: string): { local: string } | { pkg: string } {
  if (spec.startsWith('@/')) return { local: path.normalize(spec.slice(2)) };
  if (spec.startsWith('.')) return { local: path.normalize(path.join(path.dirname(file), spec)) };
  if (spec.startsWith('node:')) return { pkg: 'node:' };
  const parts = spec.split('/');
  return { pkg: spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0] };
}

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'stream',
  'events',
  'url',
  'crypto',
  'util',
  'zlib',
  'readline',
  'tty',
  'dns',
  'worker_threads',
  'assert',
  'buffer',
  'timers',
]);
const UI_PACKAGES = [
  'next',
  'react',
  'react-dom',
  '@tanstack/react-query',
  'socket.io',
  'socket.io-client',
  '@xterm/xterm',
  '@xterm/addon-fit',
];
const ENGINE_RANK: Record<string, number> = {
  apps: 4,
  check: 4,
  launcher: 3,
  script: 3,
  steps: 2,
  diagnosis: 2,
  processes: 1,
  runners: 1,
  display: 1,
  terminals: 1,
  downloads: 1,
  drive: 1,
  system: 1,
  tools: 1,
  audit: 1,
  config: 0,
};

function engineRank(local: string): number {
  const rest = local.slice('lib/engine/'.length);
  if (!rest.includes('/'))
    return ['engine.ts', 'index.ts'].includes(rest) || rest === 'engine' || rest === 'index'
      ? 5
      : 0;
  return ENGINE_RANK[rest.split('/')[0]] ?? 0;
}

function violations(
  files: string[],
  check: (file: string, t: { local: string } | { pkg: string }, spec: string) => string | null,
): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const spec of importsOf(file)) {
      const problem = check(file, target(file, spec), spec);
      if (problem) found.push(`${file}: imports "${spec}" — ${problem}`);
    }
  }
  return found;
}

const isPkg = (t: { local: string } | { pkg: string }): t is { pkg: string } => 'pkg' in t;

describe('dependency direction (ARCHITECTURE.md)', () => {
  it('lib/shared imports only itself and zod', () => {
    expect(
      violations(walk('lib/shared'), (_f, t) => {
        if (isPkg(t)) return t.pkg === 'zod' ? null : 'lib/shared may import only zod';
        return t.local.startsWith('lib/shared') ? null : 'lib/shared may import only lib/shared';
      }),
    ).toEqual([]);
  });

  it('lib/http imports only node built-ins: wire code the proxy and the downloader share', () => {
    const files = walk('lib/http');
    expect(files.length).toBeGreaterThan(0);
    expect(
      violations(files, (_f, t) => {
        if (isPkg(t))
          return t.pkg === 'node:' || NODE_BUILTINS.has(t.pkg)
            ? null
            : 'lib/http imports only node built-ins';
        return t.local.startsWith('lib/http') ? null : 'lib/http imports only itself';
      }),
    ).toEqual([]);
  });

  it('the engine and the proxy reach the HTTP wire code in lib/http, not through the engine door', () => {
    expect(
      walk('lib/engine').filter((f) => f.startsWith(path.join('lib', 'engine', 'http'))),
    ).toEqual([]);
    const door = readFileSync(path.join(root, 'lib/engine/index.ts'), 'utf8');
    expect(door).not.toMatch(/ResponseParser|SlabReader/);
  });

  it('lib/engine never imports UI, sockets, server, app, components or lib/client, and points downward', () => {
    expect(
      violations(walk('lib/engine'), (file, t) => {
        if (isPkg(t)) return UI_PACKAGES.includes(t.pkg) ? 'the engine is framework-free' : null;
        if (t.local.startsWith('lib/shared') || t.local.startsWith('lib/http')) return null;
        if (!t.local.startsWith('lib/engine'))
          return 'the engine imports only lib/shared, lib/http and itself';
        const from = engineRank(file);
        const to = engineRank(t.local);
        return to > from
          ? `upward import (rank ${from} → ${to}: apps → script → steps → processes/runners/downloads/drive → home)`
          : null;
      }),
    ).toEqual([]);
  });

  it('lib/client imports only lib/shared, react, react-query and socket.io-client', () => {
    expect(
      violations(walk('lib/client'), (_f, t) => {
        if (isPkg(t))
          return [
            'react',
            '@tanstack/react-query',
            'socket.io-client',
            '@xterm/xterm',
            '@xterm/addon-fit',
          ].includes(t.pkg)
            ? null
            : `lib/client may not import ${t.pkg}`;
        return t.local.startsWith('lib/shared') || t.local.startsWith('lib/client')
          ? null
          : 'lib/client imports only lib/shared and itself';
      }),
    ).toEqual([]);
  });

  it('app/ and components/ never import the engine, server or node built-ins', () => {
    expect(
      violations([...walk('app'), ...walk('components')], (_f, t) => {
        if (isPkg(t))
          return t.pkg === 'node:' || NODE_BUILTINS.has(t.pkg)
            ? 'no node built-ins in the UI'
            : null;
        return ['components', 'lib/client', 'lib/shared', 'app'].some((p) => t.local.startsWith(p))
          ? null
          : 'the UI imports only components, lib/client and lib/shared';
      }),
    ).toEqual([]);
  });

  it('server/ imports the engine only through lib/engine/index.ts, and next only in server/next-ui.ts', () => {
    expect(
      violations(walk('server'), (file, t) => {
        if (isPkg(t))
          return t.pkg === 'next' && file !== 'server/next-ui.ts'
            ? 'only server/next-ui.ts knows Next'
            : null;
        if (t.local.startsWith('lib/engine'))
          return t.local === 'lib/engine' ||
            t.local === 'lib/engine/index' ||
            t.local === 'lib/engine/index.ts'
            ? null
            : 'use the engine door lib/engine/index.ts';
        if (['app', 'components', 'lib/client'].some((p) => t.local.startsWith(p)))
          return 'the server never imports the UI';
        return null;
      }),
    ).toEqual([]);
  });

  it('never creates a page under app/apps (the proxy owns /apps/*)', () => {
    expect(walk('app').filter((f) => f.startsWith(path.join('app', 'apps')))).toEqual([]);
  });
});
