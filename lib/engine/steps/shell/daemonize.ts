// process.daemonize: starts a command that the run keeps; returns at once (or when an `on` handler says done).
import { EngineError } from '../../errors';
import { defineStep } from '../descriptor';
import { commandsOf } from './message';
import { compileHandlers } from './on-handlers';
import { commandSpec, prepareShell, SHELL_PATH, SHELL_VENV, shellParams } from './prepare';
import { runSetup, startOwned, watchCommand } from './run-command';

export const processDaemonize = defineStep({
  summary: 'starts a command the run keeps; returns at once or when an `on` handler says done',
  params: shellParams,
  paths: [SHELL_PATH, SHELL_VENV],
  checks: ['paths', 'triggers'],
  run: async (p, ctx) => {
    const commands = commandsOf(p.message, p.chain ?? '&');
    if (commands.length !== 1)
      throw new EngineError('invalid_params', 'process.daemonize needs one command in "message"');
    const prepared = await prepareShell('process.daemonize', p, ctx);
    await runSetup(ctx, prepared, false);
    const owned = startOwned(
      ctx,
      commandSpec(commands[0]!, prepared.prefix),
      prepared.cwd,
      prepared.env,
    );
    if (p.on !== undefined && (!Array.isArray(p.on) || p.on.length > 0)) {
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
  },
});
