// shell.run with `daemon: true`: the commands run in the background, owned by the run, and the step returns at once.
import { LOCAL_PLACEMENT, type Placement } from '../../../shared/placement';
import { errorMessage, isEngineError } from '../../errors';
import { compileHandlers, hitNotifier } from './on-handlers';
import { commandSpec, type Prepared } from './prepare';
import { startOwned, watchCommand } from './run-command';
import type { StepContext } from '../types';

export interface ShellDaemonResult {
  id: string;
  /** This machine's pid; null for a job on a cluster node. */
  pid: number | null;
  running: true;
  stdout: string;
  exitCode: null;
  event: null;
}

/**
 * One background process for the whole step: each command in its own subshell, in order, stopping at the first
 * failure (so `cd` does not carry over, as with one shell per command). It is kept with the run: a daemon script
 * keeps it after its last step, any other run stops it when its steps end, and stopping the run stops it.
 * Only the launcher's own `on` handlers watch it (Pinokio's default "error:" breaks would kill a server for a
 * line it logged); a `break` match stops it and logs the line, since the step has already returned.
 */
export async function runInBackground(
  ctx: StepContext,
  commands: string[],
  prepared: Prepared,
  on: unknown,
  placement: Placement = LOCAL_PLACEMENT,
): Promise<ShellDaemonResult> {
  const parts = [
    ...prepared.prepare,
    ...commands.map((c) => commandSpec(c, prepared.prefix).args[0]!),
  ];
  const line = parts.length === 1 ? parts[0]! : parts.map((c) => `(${c})`).join(' && ');
  ctx.log(`$ ${line} (in the background)\n`, 'info');
  const owned = startOwned(
    ctx,
    commandSpec(line, []),
    prepared.cwd,
    prepared.env,
    'SIGTERM',
    false,
    placement,
  );
  await owned.keep();
  const label = `"${line}" (daemon)`;
  watchCommand(ctx, owned, label, compileHandlers(on, false), hitNotifier(ctx)).catch(
    (error: unknown) => {
      if (isEngineError(error) && error.code === 'cancelled') return;
      ctx.log(`${errorMessage(error)}\n`, 'error');
    },
  );
  return {
    id: owned.id,
    pid: owned.proc.pid,
    running: true,
    stdout: '',
    exitCode: null,
    event: null,
  };
}
