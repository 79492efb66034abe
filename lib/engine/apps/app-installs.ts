// Install runs and their states: installing → installed or install-failed, whether from apps.install, the menu or a rollback.
import type { AppFailure } from '../../shared/app';
import { EngineError } from '../errors';
import type { ScriptRunner } from '../script/runs';
import type { PreludeLog, RunPrelude } from '../script/run-prelude';
import type { RunResult } from '../script/run-types';
import type { AppStates } from './app-states';
import type { AppRecord } from './app-store';
import { installScriptHash } from './app-updates';

export interface InstallHost {
  states: AppStates;
  runner: ScriptRunner;
  /** The app's record (app_not_found when it has none). */
  record(name: string): AppRecord;
  /** The app's record, or undefined once it is gone. */
  find(name: string): AppRecord | undefined;
  appDir(name: string): string;
  /** The install script the app's launcher names (menu default or install.js/json), or null. */
  installScript(name: string): Promise<string | null>;
  failureOf(error: unknown, runId: string | null): AppFailure;
  stopRuns(name: string): Promise<void>;
}

/** Why an app whose install failed cannot start, and what to do. */
export function installFailedConflict(record: AppRecord): EngineError {
  const why = record.error?.message ? ` (${record.error.message})` : '';
  return new EngineError(
    'conflict',
    `${record.name} is not installed: its install failed${why}. Install it again (Install again, apps.install or its install script) before starting it.`,
    { details: { name: record.name, state: record.state } },
  );
}

export class AppInstalls {
  /** Apps whose install a stop is cancelling. */
  private readonly cancelling = new Set<string>();

  constructor(private readonly host: InstallHost) {}

  /** Moves the app to installing and runs its install script (or the given one) in the background; null when it has none. */
  async begin(
    record: AppRecord,
    chosen?: string,
    params?: Record<string, unknown>,
  ): Promise<string | null> {
    const name = record.name;
    const script = chosen ?? (await this.host.installScript(name));
    const installing = await this.host.states.move(record, 'installing', { startRunId: null });
    if (!script) {
      await this.host.states.move(installing, 'installed', {
        lastInstall: { at: Date.now(), installHash: null },
      });
      return null;
    }
    try {
      // Hashed before it runs, so the state moves the moment the run ends (the CLI reads it right after).
      const installHash = await installScriptHash(this.host.appDir(name));
      const { runId, done } = await this.host.runner.start(script, {
        app: name,
        appDir: this.host.appDir(name),
        ...(params ? { params } : {}),
      });
      void done.then((outcome) => this.finished(name, outcome, installHash));
      return runId;
    } catch (error) {
      await this.host.states.move(this.host.record(name), 'install-failed', {
        error: this.host.failureOf(error, null),
      });
      throw error;
    }
  }

  /**
   * Moves the app to installing and runs one install run whose first phase, `fetch` (the clone), logs into it;
   * the install script runs after it in the same run. A failed fetch fails the run and the install.
   */
  async beginWithFetch(
    record: AppRecord,
    label: string,
    fetch: (log: PreludeLog, signal: AbortSignal) => Promise<void>,
  ): Promise<string> {
    const name = record.name;
    const appDir = this.host.appDir(name);
    await this.host.states.move(record, 'installing', { startRunId: null, error: null });
    let installHash: string | null = null;
    const prelude: RunPrelude = {
      label,
      run: async (log, signal) => {
        await fetch(log, signal);
        installHash = await installScriptHash(appDir);
        return this.host.installScript(name);
      },
    };
    const { runId, done } = this.host.runner.startAfter(prelude, { app: name, appDir });
    void done.then((outcome) => this.finished(name, outcome, installHash));
    return runId;
  }

  /** A stop during an install ends the install run: the app is install-failed with "install cancelled". */
  async cancel(record: AppRecord): Promise<{ name: string; state: string }> {
    const name = record.name;
    this.cancelling.add(name);
    try {
      await this.host.stopRuns(name);
      const now = this.host.record(name);
      const runId = this.host.runner.list({ app: name }).at(-1)?.runId ?? null;
      if (now.state === 'installing')
        await this.host.states.move(now, 'install-failed', {
          error: this.host.failureOf(new Error('install cancelled'), runId),
        });
    } finally {
      this.cancelling.delete(name);
    }
    return { name, state: this.host.record(name).state };
  }

  private async finished(
    name: string,
    outcome: RunResult,
    installHash: string | null,
  ): Promise<void> {
    const record = this.host.find(name);
    if (!record || record.state !== 'installing') return;
    if (outcome.status === 'finished' || outcome.status === 'running') {
      await this.host.states.move(record, 'installed', {
        lastInstall: { at: Date.now(), installHash },
      });
      return;
    }
    const cause = this.cancelling.has(name)
      ? new Error('install cancelled')
      : outcome.error
        ? new EngineError('step_failed', outcome.error.message, {
            details: { lastLines: outcome.error.lastLines },
          })
        : new Error(`the install was ${outcome.status}`);
    await this.host.states.move(record, 'install-failed', {
      error: this.host.failureOf(cause, outcome.runId),
    });
  }
}
