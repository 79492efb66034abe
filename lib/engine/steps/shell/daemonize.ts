// process.daemonize: starts a command that the run keeps; returns at once (or when an `on` handler says done).
import { EngineError } from '../../errors';
import type { StepMethod } from '../types';
import { commandsOf } from './message';
import { compileHandlers } from './on-handlers';
import { commandSpec, paramsOf, prepareShell } from './prepare';
import { startOwned, watchCommand } from './run-command';
import type { ShellContext } from './shell-context';

export const processDaemonize: StepMethod = async (params, context) => {
  const ctx = context as ShellContext;
  const p = paramsOf('process.daemonize', params);
  const commands = commandsOf(p.message, p.chain ?? '&');
  if (commands.length !== 1)
    throw new EngineError('invalid_params', 'process.daemonize needs one command in "message"');
  const prepared = await prepareShell('process.daemonize', p, ctx);
  for (const command of prepared.prepare) {
    const owned = startOwned(ctx, commandSpec(command, []), prepared.cwd, prepared.env);
    await watchCommand(
      ctx,
      owned,
      `"${command}"`,
      compileHandlers(undefined, false),
      () => undefined,
    );
  }
  const owned = startOwned(
    ctx,
    commandSpec(commands[0]!, prepared.prefix),
    prepared.cwd,
    prepared.env,
  );
  if (Array.isArray(p.on) && p.on.length > 0) {
    const outcome = await watchCommand(
      ctx,
      owned,
      `"${commands[0]}"`,
      compileHandlers(p.on),
      () => undefined,
    );
    if (!outcome.running)
      return { id: outcome.id, pid: owned.proc.pid, event: outcome.event, running: false };
    await owned.keep();
    return { id: owned.id, pid: owned.proc.pid, event: outcome.event, running: true };
  }
  await owned.keep();
  return { id: owned.id, pid: owned.proc.pid, event: null, running: true };
};
