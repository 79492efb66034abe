// shell.run: each message in a fresh pty shell, in order; ends on exit or on an `on` handler (done keeps it running).
import { EngineError } from '../../errors';
import { defineStep } from '../descriptor';
import { asText } from '../schemas';
import { commandsOf, shellQuote } from './message';
import { compileHandlers, renderEventTemplate, type Hit } from './on-handlers';
import { commandSpec, prepareShell, SHELL_PATH, SHELL_VENV, shellParams } from './prepare';
import { runSetup, startOwned, watchCommand, type CommandOutcome } from './run-command';

export interface ShellRunResult {
  id: string;
  stdout: string;
  exitCode: number | null;
  event: RegExpMatchArray | null;
}

export const shellRun = defineStep({
  summary:
    'runs each message in a fresh pty shell; `on` handlers end the wait (done keeps a server running)',
  params: shellParams,
  paths: [SHELL_PATH, SHELL_VENV],
  checks: ['paths', 'triggers'],
  run: async (p, ctx) => {
    const commands = withServerArgs(commandsOf(p.message, p.chain), p.on, ctx.serverArgs);
    if (commands.length === 0)
      throw new EngineError('invalid_params', 'shell.run: "message" has no command to run');
    const prepared = await prepareShell('shell.run', p, ctx);
    await runSetup(ctx, prepared, true);
    const onHit = (hit: Hit): void => {
      const { handler, match } = hit;
      if (handler.notify) {
        const n = handler.notify as Record<string, unknown>;
        const text = renderEventTemplate(
          typeof n === 'object' ? (n.message ?? n.title ?? n.html) : n,
          match,
        );
        ctx.emit.notify({ html: asText(text ?? match[0]), type: 'info' });
      }
      if (handler.trigger)
        ctx.trigger(handler.trigger, { event: [...match], trigger: handler.trigger });
    };
    let result: CommandOutcome | null = null;
    for (const command of commands) {
      ctx.log(`$ ${command}\n`, 'info');
      const owned = startOwned(
        ctx,
        commandSpec(command, prepared.prefix),
        prepared.cwd,
        prepared.env,
      );
      result = await watchCommand(ctx, owned, `"${command}"`, compileHandlers(p.on), onHit);
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

/**
 * The command that keeps serving once a `done: true` handler matched (the app's web server) gets the
 * start's server arguments, such as A1111's `--subpath /apps/<name>`, after its own.
 */
function withServerArgs(commands: string[], on: unknown, args: readonly string[]): string[] {
  if (args.length === 0 || commands.length === 0) return commands;
  const serves =
    Array.isArray(on) &&
    on.some((h) => typeof h === 'object' && h !== null && (h as { done?: unknown }).done === true);
  if (!serves) return commands;
  const last = commands.length - 1;
  return commands.map((command, i) =>
    i === last ? `${command} ${args.map(shellQuote).join(' ')}` : command,
  );
}
