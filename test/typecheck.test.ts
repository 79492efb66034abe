import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

it('type-checks the whole project with tsc --noEmit', () => {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 150_000);
