// `hangar check <launcher-dir> [--json] [--gpu VENDOR] [--platform P]`: argument parsing, output and exit code.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../errors';
import { defaultSystem } from '../script/runner-options';
import { formatCheckReport } from './format';
import { checkLauncher } from './index';

export const CHECK_USAGE = `Usage: hangar check <launcher-dir> [--json] [--gpu nvidia|amd|apple|none] [--platform linux|darwin|win32]
  Loads every script of a launcher without running it, renders its menu in the states
  not-installed / installed / running / running-with-url, and prints a plan per script.
  Exit code 0 only when there are no errors (warnings allowed).
`;

export interface CheckOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs the command; returns the exit code (0 ok, 1 errors found, 2 usage error). */
export async function runCheckCommand(args: string[], out: CheckOutput = process): Promise<number> {
  let dir: string | undefined;
  let json = false;
  const system = defaultSystem();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--gpu' || arg === '--platform') {
      const value = args[++i];
      if (!value) return usage(out, `${arg} needs a value`);
      if (arg === '--gpu') {
        system.gpu = value;
        system.gpus = value === 'none' ? [] : [{ name: value, model: value, driver: null }];
      } else system.platform = value;
    } else if (arg === '--help' || arg === '-h') {
      out.stdout.write(CHECK_USAGE);
      return 0;
    } else if (arg.startsWith('-') || dir) return usage(out, `unexpected argument ${arg}`);
    else dir = arg;
  }
  if (!dir) return usage(out, 'missing <launcher-dir>');
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return usage(out, `${dir} is not a folder`);
  try {
    const report = await checkLauncher(abs, { system });
    out.stdout.write(
      json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCheckReport(report)}\n`,
    );
    return report.ok ? 0 : 1;
  } catch (error) {
    out.stderr.write(`hangar check: ${errorMessage(error)}\n`);
    return 1;
  }
}

function usage(out: CheckOutput, problem: string): number {
  out.stderr.write(`hangar check: ${problem}\n\n${CHECK_USAGE}`);
  return 2;
}
