// shell.run: each message in a fresh pty shell, in order; ends on exit or on an `on` handler (done keeps it running).
// `daemon: true` runs them in the background (shell-run-daemon.ts); `input: true` makes the shell interactive.
import { LOCAL_PLACEMENT } from '../../../shared/placement';
import { EngineError } from '../../errors';
import { defineStep } from '../descriptor';
import { commandsOf, shellQuote } from './message';
import { compileHandlers, hitNotifier } from './on-handlers';
import { INTERACTIVE_STOP_SIGNAL, interactiveSpec } from './interactive';
import { commandSpec, prepareShell, SHELL_PATH, SHELL_VENV, shellParams } from './prepare';
import { repeatedClone } from './repeated-clone';
import { runSetup, startOwned, watchCommand, type CommandOutcome } from './run-command';
import { runInBackground } from './shell-run-daemon';

export interface ShellRunResult {
  id: string;
  stdout: string;
  exitCode: number | null;
  event: RegExpMatchArray | null;
}

export const shellRun = defineStep({
  summary:
    'runs each message in a fresh pty shell; `on` handlers end the wait (done keeps a server running); `daemon` runs them in the background, `input` makes the shell interactive',
  params: shellParams,
  paths: [SHELL_PATH, SHELL_VENV],
  checks: ['paths', 'triggers'],
  run: async (p, ctx) => {
    const serving = servesApp(p.on);
    const commands = withServerArgs(commandsOf(p.message, p.chain), serving, ctx.serverArgs);
    if (commands.length === 0)
      throw new EngineError('invalid_params', 'shell.run: "message" has no command to run');
    const prepared = await prepareShell('shell.run', p, ctx);
    // The app's server runs where the app is placed (a cluster node); everything else runs here.
    const placement =
      serving || (p.daemon === true && ctx.daemon) ? ctx.placement : LOCAL_PLACEMENT;
    if (p.daemon === true) return runInBackground(ctx, commands, prepared, p.on, placement);
    await runSetup(ctx, prepared, true);
    const onHit = hitNotifier(ctx);
    const input = p.input === true;
    let result: CommandOutcome | null = null;
    for (const [i, command] of commands.entries()) {
      ctx.log(`$ ${command}\n`, 'info');
      const spec = commandSpec(command, prepared.prefix);
      const owned = input
        ? startOwned(
            ctx,
            interactiveSpec(spec),
            prepared.cwd,
            prepared.env,
            INTERACTIVE_STOP_SIGNAL,
            true,
          )
        : startOwned(
            ctx,
            spec,
            prepared.cwd,
            prepared.env,
            'SIGTERM',
            false,
            placement,
            serving && i === commands.length - 1,
          );
      try {
        result = await watchCommand(ctx, owned, `"${command}"`, compileHandlers(p.on), onHit, {
          deferBreak: input,
        });
      } catch (error) {
        const there = repeatedClone(command, prepared.cwd, error);
        if (there === null) throw error;
        ctx.log(
          `${there} is already a git checkout: kept as it is, and the script goes on.\n`,
          'info',
        );
        result = { id: owned.id, stdout: '', exitCode: 128, event: null, running: false };
      }
      if (result.running) {
        await owned.keep();
        break;
      }
      if (result.event) break;
    }
    const { id, stdout, exitCode, event } = result!;
    return { id, stdout, exitCode, event } satisfies ShellRunResult;
  },
});

/** A step whose `on` handlers include `done: true` keeps its command running: the app's web server. */
function servesApp(on: unknown): boolean {
  return (
    Array.isArray(on) &&
    on.some((h) => typeof h === 'object' && h !== null && (h as { done?: unknown }).done === true)
  );
}

/**
 * The command that keeps serving once a `done: true` handler matched (the app's web server) gets the
 * start's server arguments, such as A1111's `--subpath /apps/<name>`, after its own.
 */
function withServerArgs(commands: string[], serves: boolean, args: readonly string[]): string[] {
  if (args.length === 0 || commands.length === 0 || !serves) return commands;
  const last = commands.length - 1;
  return commands.map((command, i) =>
    i === last ? `${command} ${args.map(shellQuote).join(' ')}` : command,
  );
}
