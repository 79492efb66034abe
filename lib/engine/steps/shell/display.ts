// shell.run's `display: true`: the command gets its own virtual X display (Xvfb); without one, a hint on failure.
import { DISPLAY_HINT, DisplayOwner, lacksDisplay, startVirtualDisplay } from '../../display';
import { errorMessage, isEngineError } from '../../errors';
import { parseStepParams, type StepDescriptor } from '../descriptor';
import type { StepContext } from '../types';
import type { ShellRunResult } from './shell-run';

/** Wraps shell.run: starts the display before the commands and stops it with them (or hands it to the run). */
export function withDisplay(shellRun: StepDescriptor): StepDescriptor {
  return {
    ...shellRun,
    run: async (params, ctx, request) => {
      const p = parseStepParams(shellRun.params, params, request.method) as {
        display?: boolean;
        env?: Record<string, unknown> | null;
      };
      if (p.display !== true) return withHint(shellRun.run(params, ctx, request), ctx);
      const { supervisor, stopGraceMs } = ctx.services;
      const display = await startVirtualDisplay({
        app: ctx.app,
        runId: ctx.runId,
        script: ctx.scriptFile,
        cwd: ctx.cwd,
        supervisor,
        stopGraceMs,
      });
      ctx.log(`virtual display :${display.number} (Xvfb)\n`, 'info');
      const env = { ...p.env, DISPLAY: `:${display.number}` };
      let handed = false;
      try {
        const result = (await shellRun.run(
          { ...(params as object), env },
          ctx,
          request,
        )) as ShellRunResult;
        const command = supervisor?.get(result.id);
        if (supervisor && command?.alive) {
          // The command keeps running (an app's server): the display stays until the run's last process ends.
          // Handed over in the same tick as the check, so an exit right after it still takes the display along.
          DisplayOwner.of(supervisor).handOver(display.id);
          handed = true;
          if (command.daemon) await display.keep();
        }
        return result;
      } finally {
        if (!handed) await display.stop();
      }
    },
  };
}

/** A failed command whose output says it found no X display gets a log line naming the setting. */
async function withHint(result: Promise<unknown>, ctx: StepContext): Promise<unknown> {
  try {
    return await result;
  } catch (error) {
    const lastLines = isEngineError(error) ? error.details?.lastLines : undefined;
    const output = [errorMessage(error), ...(Array.isArray(lastLines) ? lastLines : [])];
    if (lacksDisplay(output.join('\n'))) ctx.log(`\nHint: ${DISPLAY_HINT}\n`, 'info');
    throw error;
  }
}
