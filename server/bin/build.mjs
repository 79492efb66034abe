// Builds what `npm start` serves (the Next app and the bundled server) when missing or older than the sources.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  readdirSync,
  statSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_DIR = path.join(projectDir, '.hangar-build');
const STAMP = path.join(BUILD_DIR, 'stamp.json');
export const SERVER_BUNDLE = path.join(BUILD_DIR, 'server.cjs');
export const CLI_BUNDLE = path.join(BUILD_DIR, 'cli.cjs');
const CLI_STAMP = path.join(BUILD_DIR, 'cli-stamp.json');
const CLI_SOURCES = ['lib', 'server', 'package.json'];
const SOURCES = [
  'app',
  'components',
  'lib',
  'server',
  'public',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function sourcesFingerprint() {
  return Math.max(...SOURCES.map((s) => newestMtime(path.join(projectDir, s))));
}

export function isBuildFresh() {
  if (
    !existsSync(STAMP) ||
    !existsSync(SERVER_BUNDLE) ||
    !existsSync(path.join(projectDir, '.next', 'BUILD_ID'))
  )
    return false;
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  return stamp.sources >= sourcesFingerprint();
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, {
    cwd: projectDir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error(`hangar: build step failed: ${cmd} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

export async function build() {
  const sources = sourcesFingerprint();
  console.log('hangar: building the web UI and the server (first start or changed sources)...');
  run(process.execPath, [path.join(projectDir, 'node_modules/next/dist/bin/next'), 'build']);
  await bundle('server/main.ts', SERVER_BUNDLE);
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ sources, builtAt: new Date().toISOString() }));
}

function bundle(entry, outfile) {
  return import('esbuild').then((esbuild) =>
    esbuild.build({
      entryPoints: [path.join(projectDir, entry)],
      bundle: true,
      platform: 'node',
      // CommonJS: Node then loads every dependency with require(), which works for CJS packages whose named
      // exports Node's ESM loader cannot see (@xterm/headless, node-pty) and, on Node ≥ 20.19, for ESM-only ones.
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    }),
  );
}

/** Bundles the CLI (a fraction of a second) when it is missing or older than lib/ and server/. */
export async function ensureCli() {
  const sources = Math.max(...CLI_SOURCES.map((s) => newestMtime(path.join(projectDir, s))));
  const fresh = () =>
    existsSync(CLI_STAMP) &&
    existsSync(CLI_BUNDLE) &&
    JSON.parse(readFileSync(CLI_STAMP, 'utf8')).sources >= sources;
  if (fresh()) return;
  await withBuildLock(async () => {
    if (fresh()) return;
    await bundle('server/cli/main.ts', CLI_BUNDLE);
    writeFileSync(CLI_STAMP, JSON.stringify({ sources }));
  });
}

const LOCK = path.join(BUILD_DIR, 'build.lock');

/** One build at a time across processes (tests start several servers at once): a lock folder, stale after 10 min. */
async function withBuildLock(work) {
  mkdirSync(BUILD_DIR, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(LOCK).mtimeMs > 10 * 60_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`hangar: gave up waiting for another build (${LOCK})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export async function ensureBuilt() {
  if (isBuildFresh()) return;
  await withBuildLock(async () => {
    if (!isBuildFresh()) await build();
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  (process.argv.includes('--force') ? build() : ensureBuilt()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
