// The shell step family: shell.run, legacy persistent shells, and process.daemonize.
import type { StepDescriptor } from '../descriptor';
import { processDaemonize } from './daemonize';
import { withDisplay } from './display';
import { sessionSteps } from './sessions';
import { shellRun } from './shell-run';

export type { ShellRunResult } from './shell-run';
export { buildShellEnv, cacheDefaults } from './shell-env';
export { commandsOf, argvToCommand, shellQuote } from './message';

export const shellSteps: Record<string, StepDescriptor> = {
  'shell.run': withDisplay(shellRun),
  ...sessionSteps,
  'process.daemonize': processDaemonize,
};
