// Gives each test server its own app port range, so apps of servers running side by side never share a port.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

let next = 0;

/**
 * Terminals in tests open a bash that reads no profile or rc file: what those run (pyenv's rehash takes a
 * machine-wide lock, for one) is the machine's business, and a shell killed inside it must not stall the next.
 */
export const TEST_TERMINAL_SHELL = { file: 'bash', args: ['--noprofile', '--norc', '-i'] };

/**
 * Writes a config.json with a port range unique to this worker and call, and the test terminal shell
 * (`extra` overrides either; the rest stays default).
 */
export async function writeTestConfig(
  home: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 0) % 16;
  const slot = next++ % 8;
  const from = 44000 + worker * 800 + slot * 100;
  await mkdir(home, { recursive: true });
  await writeFile(
    path.join(home, 'config.json'),
    JSON.stringify({
      version: 1,
      portRange: { from, to: from + 99 },
      terminalShell: TEST_TERMINAL_SHELL,
      ...extra,
    }),
  );
}
