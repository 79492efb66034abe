// A launcher's lone `git clone <url> [dir]` run again where that clone already is: update scripts repeat their
// install's clones (ComfyUI's does), and git refuses with exit 128. Pinokio judges a command by its output, not its
// exit code, so the script goes on there; Hangar goes on too in this one case, and says so. Anything else a clone
// can fail on (a wrong URL, a folder there that is not a git checkout) still fails the step.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../errors';

/** One `git clone` and nothing chained to it, so skipping it skips nothing else. */
const LONE_CLONE = /^\s*git\s+clone\s[^;&|`$()<>\n]+$/;
const ALREADY_THERE =
  /fatal: destination path '([^'\n]+)' already exists and is not an empty directory/;

/** The folder the clone was refused for, when it already holds a git checkout; else null (the failure stands). */
export function repeatedClone(command: string, cwd: string, error: unknown): string | null {
  if (!(error instanceof EngineError) || error.code !== 'step_failed') return null;
  const details = error.details ?? {};
  if (details.exitCode !== 128 || !LONE_CLONE.test(command)) return null;
  const lines = Array.isArray(details.lastLines) ? details.lastLines.join('\n') : '';
  const match = ALREADY_THERE.exec(lines);
  if (!match) return null;
  return existsSync(path.join(path.resolve(cwd, match[1]!), '.git')) ? match[1]! : null;
}
