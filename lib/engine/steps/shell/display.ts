// shell.run's `display: true`: the command gets its own virtual X display (Xvfb); without one, a hint on failure.
import { DISPLAY_HINT, DisplayOwner, lacksDisplay, startVirtualDisplay } from '../../display';
import { EngineError, errorMessage, isEngineError } from '../../errors';
import type { StepMethod } from '../types';
import { paramsOf } from './prepare';
import type { ShellContext } from './shell-context';
import type { ShellRunResult } from './shell-run';

/** Wraps shell.run: starts the display before the commands and stops it with them (or hands it to the run). */
export function withDisplay(run: StepMethod): StepMethod {
  return async (params, context, request) => {
    const ctx = context as ShellContext;
    const p = paramsOf('shell.run', params);
    if (p.display !== undefined && typeof p.display !== 'boolean')
      throw new EngineError(
        'invalid_params',
        `shell.run: "display" must be true or false, not ${JSON.stringify(p.display)}`,
        { details: { param: 'display' } },
      );
    if (p.display !== true) return withHint(run(params, context, request), ctx);
    const display = await startVirtualDisplay({
      app: ctx.app,
      runId: ctx.runId,
      script: ctx.scriptFile,
      cwd: ctx.cwd,
      supervisor: ctx.supervisor,
      stopGraceMs: ctx.stopGraceMs,
    });
    ctx.log(`virtual display :${display.number} (Xvfb)\n`, 'info');
    const env = p.env && typeof p.env === 'object' && !Array.isArray(p.env) ? p.env : {};
    let handed = false;
    try {
      const result = (await run(
        { ...p, env: { ...env, DISPLAY: `:${display.number}` } },
        context,
        request,
      )) as ShellRunResult;
      const command = ctx.supervisor?.get(result.id);
      if (ctx.supervisor && command?.alive) {
        // The command keeps running (an app's server): the display stays until the run's last process ends.
        // Handed over in the same tick as the check, so an exit right after it still takes the display along.
        DisplayOwner.of(ctx.supervisor).handOver(display.id);
        handed = true;
        if (command.daemon) await display.keep();
      }
      return result;
    } finally {
      if (!handed) await display.stop();
    }
  };
}

/** A failed command whose output says it found no X display gets a log line naming the setting. */
async function withHint(result: Promise<unknown>, ctx: ShellContext): Promise<unknown> {
  try {
    return await result;
  } catch (error) {
    const lastLines = isEngineError(error) ? error.details?.lastLines : undefined;
    const output = [errorMessage(error), ...(Array.isArray(lastLines) ? lastLines : [])];
    if (lacksDisplay(output.join('\n'))) ctx.log(`\nHint: ${DISPLAY_HINT}\n`, 'info');
    throw error;
  }
}
