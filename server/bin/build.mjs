// Builds what `npm start` serves (the Next app and the bundled server) when missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_DIR = path.join(projectDir, '.hangar-build');
const STAMP = path.join(BUILD_DIR, 'stamp.json');
export const SERVER_BUNDLE = path.join(BUILD_DIR, 'server.mjs');
const SOURCES = ['app', 'components', 'lib', 'server', 'public', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package.json'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function sourcesFingerprint() {
  return Math.max(...SOURCES.map((s) => newestMtime(path.join(projectDir, s))));
}

export function isBuildFresh() {
  if (!existsSync(STAMP) || !existsSync(SERVER_BUNDLE) || !existsSync(path.join(projectDir, '.next', 'BUILD_ID'))) return false;
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  return stamp.sources >= sourcesFingerprint();
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: projectDir, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) {
    console.error(`hangar: build step failed: ${cmd} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

export async function build() {
  const sources = sourcesFingerprint();
  console.log('hangar: building the web UI and the server (first start or changed sources)...');
  run(process.execPath, [path.join(projectDir, 'node_modules/next/dist/bin/next'), 'build']);
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(projectDir, 'server/prod-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: SERVER_BUNDLE,
    logLevel: 'warning',
  });
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ sources, builtAt: new Date().toISOString() }));
}

export async function ensureBuilt() {
  if (!isBuildFresh()) await build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  (process.argv.includes('--force') ? build() : ensureBuilt()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
