// `npm test`: makes sure Chromium and the production build exist, runs every vitest suite, prints "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, projectDir } from '../server/bin/build.mjs';

const CHROMIUM = process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium';
const REPORT = path.join(projectDir, '.vitest.json');

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `npm test needs Chromium at ${CHROMIUM} for the browser tests. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium`,
    );
    process.exit(1);
  }
  console.log('npm test: installing Chromium with apt-get (browser tests need it)...');
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      console.error(
        `apt-get ${args.join(' ')} failed; install Chromium yourself: apt-get install -y chromium`,
      );
      process.exit(1);
    }
  }
}

ensureChromium();
await ensureBuilt();
rmSync(REPORT, { force: true });
const vitest = spawnSync(
  process.execPath,
  [
    path.join(projectDir, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { cwd: projectDir, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  // A file that fails to load has no failing test of its own: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
} else {
  console.log('0 passed, 1 failed');
}
process.exit(vitest.status ?? 1);
