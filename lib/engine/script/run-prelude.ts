// A run whose first phase is Hangar's own work (an app's clone), logged into the run; the script it then names runs in
// the same run, so one install has one log from its first line.
import path from 'node:path';
import { resolveScriptUri } from './resolve-uri';
import { runError, type ScriptRunDeps } from './run-script';
import type { RunRecord } from './run-types';

export type PreludeLog = (text: string, stream?: 'stdout' | 'info' | 'error') => void;

export interface RunPrelude {
  /** What the run shows as its script until the prelude names one (e.g. `git clone <url>`). */
  label: string;
  /** Hangar's own first phase; resolves to the script to run next (a URI relative to the app folder), or null for none. */
  run(log: PreludeLog, signal: AbortSignal): Promise<string | null>;
}

/** Runs the prelude inside `run`, then its script through `execute`; a prelude that throws fails the run. */
export async function runPrelude(
  run: RunRecord,
  prelude: RunPrelude,
  deps: Pick<ScriptRunDeps, 'options' | 'log' | 'finalize'> & {
    execute(run: RunRecord): Promise<void>;
  },
): Promise<void> {
  let file: string | null = null;
  try {
    const uri = await prelude.run(
      (text, stream) => deps.log(run, text, stream),
      run.controller.signal,
    );
    if (run.stopping || run.finalized) return;
    if (uri !== null) {
      file = await resolveScriptUri(uri, { cwd: run.info.appDir, home: deps.options.home });
      Object.assign(run, { file, uri, cwd: path.dirname(file) });
      run.info.script = file;
    }
  } catch (error) {
    if (run.stopping || run.finalized) return;
    await deps.finalize(run, 'failed', { error: await runError(run, error, deps) });
    return;
  }
  if (file === null) return deps.finalize(run, 'finished');
  await deps.execute(run);
}
