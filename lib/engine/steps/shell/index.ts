// The shell step family: shell.run, legacy persistent shells, and process.daemonize.
import type { StepMethod } from '../types';
import { processDaemonize } from './daemonize';
import { withDisplay } from './display';
import { sessionMethods } from './sessions';
import { shellRun } from './shell-run';

export type { ShellContext, ShellServices } from './shell-context';
export type { ShellRunResult } from './shell-run';
export { buildShellEnv, cacheDefaults } from './shell-env';
export { commandsOf, argvToCommand, shellQuote } from './message';

export const shellMethods: Record<string, StepMethod> = {
  'shell.run': withDisplay(shellRun),
  ...sessionMethods,
  'process.daemonize': processDaemonize,
};
