// `hangar check DIR`: a launcher checked offline; the launcher's own output goes to stderr, never into stdout.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  CHECK_GPUS,
  CHECK_PLATFORMS,
  checkLauncher,
  checkSystem,
  errorMessage,
  formatCheckReport,
} from '../../lib/engine';
import { printJson, type CliContext, type CommandSpec } from './command';
import { EXIT, UsageError } from './errors';

/**
 * Runs `work` with process.stdout's writes (console.log of a launcher at load or in its menu function) sent to
 * stderr, so that what the command prints stays the only stdout.
 */
async function withLauncherOutputOnStderr<T>(work: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  const toStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    if (original) Object.defineProperty(process.stdout, 'write', original);
    else delete (process.stdout as { write?: unknown }).write;
  }
}

async function check(context: CliContext, dir: string, gpu?: string, platform?: string) {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory())
    throw new UsageError(`${dir} is not a folder`, 'check');
  try {
    const system = checkSystem({ gpu, platform });
    const report = await withLauncherOutputOnStderr(() => checkLauncher(abs, { system }));
    if (context.json) printJson(context, report);
    else context.out(`${formatCheckReport(report)}\n`);
    return report.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    context.err(`hangar check: ${errorMessage(error)}\n`);
    return EXIT.failed;
  }
}

export const checkCommand: CommandSpec = {
  name: 'check',
  summary:
    'check a launcher offline: load every script, render its menu in four states, plan each script (exit 1 on errors)',
  offline: true,
  positionals: [{ label: 'DIR', help: 'the launcher folder', complete: 'dir' }],
  options: {
    gpu: { type: 'string', help: 'render menus for this GPU vendor', values: CHECK_GPUS },
    platform: { type: 'string', help: 'render menus for this platform', values: CHECK_PLATFORMS },
  },
  run: (context, input) =>
    check(
      context,
      input.args[0],
      input.options.gpu as string | undefined,
      input.options.platform as string | undefined,
    ),
};
