// Install hints: the exact command a package manager present on this machine would run, or what to get by hand.
import type { PackageManager, ToolSpec } from './tool-specs';

export interface InstallHint {
  /** The manager the command uses; null when none present can install the tool. */
  manager: PackageManager | null;
  /** Exact command to run in a visible terminal (Hangar never runs it silently); null when none applies. */
  command: string | null;
  /** Whether the command needs root (apt as a non-root user needs sudo, which the user must type). */
  needsRoot: boolean;
  /** Plain-language advice: what to install and why the launcher needs it. */
  text: string;
  /** What to get by hand (a download page) when no command applies; null when `command` says it. */
  manual: string | null;
}

export interface ManagerPresence {
  manager: PackageManager;
  path: string;
}

/** Preference order when several managers can install a tool. */
const ORDER: PackageManager[] = ['apt', 'brew', 'npm'];

export function installHint(
  spec: ToolSpec,
  managers: ManagerPresence[],
  isRoot: boolean,
): InstallHint {
  for (const manager of ORDER) {
    const pkg = spec.packages[manager];
    if (!pkg || !managers.some((m) => m.manager === manager)) continue;
    const command = commandFor(manager, pkg, isRoot);
    return {
      manager,
      command,
      needsRoot: manager === 'apt',
      text: `${spec.title} is needed because ${spec.why}. Install it with: ${command}`,
      manual: null,
    };
  }
  return {
    manager: null,
    command: null,
    needsRoot: false,
    text: `${spec.title} is needed because ${spec.why}. Install ${spec.manual}.`,
    manual: spec.manual,
  };
}

function commandFor(manager: PackageManager, pkg: string, isRoot: boolean): string {
  if (manager === 'apt') return `${isRoot ? '' : 'sudo '}apt-get install -y ${pkg}`;
  if (manager === 'brew') return `brew install ${pkg}`;
  return `npm install -g ${pkg}`;
}
