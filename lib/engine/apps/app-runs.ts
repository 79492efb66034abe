// The runs of an app as the app manager sees them: which are live, how to stop them all, and what a failure showed.
import path from 'node:path';
import type { AppActivity, AppFailure } from '../../shared/app';
import { isLiveRun } from '../../shared/events';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { launcherRoot } from '../launcher';
import { matchKnownError } from '../diagnosis/diagnose';
import { stripAnsi } from '../processes';
import type { ScriptRunner } from '../script/runs';

export class AppRuns {
  constructor(private readonly runner: ScriptRunner) {}

  /** Stops every live run of the app. */
  async stopAll(name: string): Promise<void> {
    const live = this.runner.list({ app: name, live: true }).filter((r) => isLiveRun(r.status));
    await Promise.all(live.map((r) => this.runner.stop(r.runId)));
  }

  /**
   * A script of the app's running outside its lifecycle (reset.js, a model download, a question waiting for its
   * answer): its newest live top-level run other than `serving` (the app's start run), or null.
   */
  activity(name: string, serving: string | null): AppActivity | null {
    const run = this.runner
      .list({ app: name, live: true })
      .filter((r) => r.parentId === null && r.runId !== serving && isLiveRun(r.status))
      .sort((a, b) => b.startedAt - a.startedAt)[0];
    if (!run) return null;
    return {
      runId: run.runId,
      script: path.relative(launcherRoot(run.appDir), run.script) || path.basename(run.script),
      title: null,
      status: run.status as AppActivity['status'],
    };
  }

  /** Refuses `doing` (an update, a rollback, an install) while a script of the app runs in its folder. */
  assertNoScript(name: string, serving: string | null, doing: string): void {
    const running = this.activity(name, serving);
    if (!running) return;
    const what = running.status === 'waiting' ? 'is waiting for an answer' : 'is running';
    throw new EngineError(
      'app_busy',
      `${name}: ${running.script} ${what}; let it end or stop it before ${doing}`,
      { details: { name, runId: running.runId, script: running.script } },
    );
  }

  /** Whether the run is known and running (an adopted daemon is). */
  isLive(runId: string): boolean {
    try {
      return this.runner.get(runId).status === 'running';
    } catch (error) {
      // An unknown run (the Hangar that started it is gone and nothing adopted it) is no live run.
      if (isEngineError(error)) return false;
      throw error;
    }
  }

  /** The failure recorded on the app: the error, the failed step, and the run's last lines. */
  failureOf(error: unknown, runId: string | null): AppFailure {
    const details = isEngineError(error) ? error.details : undefined;
    const lastLines = Array.isArray(details?.lastLines)
      ? (details.lastLines as string[])
      : runId
        ? this.lastLines(runId)
        : [];
    const runError = runId ? this.find(runId)?.error : null;
    // A start script that failed says why itself: its step's error is the cause, not the wait that saw it end.
    const cause = details?.runEnded === true && runError?.message ? `: ${runError.message}` : '';
    return {
      message: `${errorMessage(error)}${cause}`,
      step: runError?.step,
      lastLines,
      runId: runId ?? undefined,
    };
  }

  /** A start that failed on its port: another program answered there, or the app could not bind it. */
  portConflict(error: unknown, runId: string): boolean {
    if (isEngineError(error) && error.code === 'port_in_use') return true;
    try {
      if (this.runner.get(runId).error?.diagnosis?.id === 'port_in_use') return true;
    } catch {
      // The run is gone: only the error itself can say it was the port.
    }
    // A start script that runs its server through script.start fails with the nested run's output line.
    return matchKnownError(errorMessage(error))?.error.id === 'port_in_use';
  }

  /** The last 20 non-empty lines of the run's output, without terminal escapes. */
  lastLines(runId: string): string[] {
    try {
      const page = this.runner.logs(runId, { limit: 200 });
      const text = page.entries.map((e) => e.data).join('');
      return stripAnsi(text)
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(-20);
    } catch {
      // The run is gone: no lines to show.
      return [];
    }
  }

  private find(runId: string) {
    try {
      return this.runner.get(runId);
    } catch {
      // The run was pruned from the runner's history: no details left.
      return null;
    }
  }
}
