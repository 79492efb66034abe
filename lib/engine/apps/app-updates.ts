// Updates you can undo: an update records the commit it replaces as a generation first, and rolls back by itself when it fails.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AppState } from '../../shared/app-state';
import { shortCommit } from '../../shared/format';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { launcherRoot } from '../launcher';
import { gitClient, headCommit } from './app-source';
import type { AppStates } from './app-states';
import type { AppGeneration, AppRecord } from './app-store';
import { folderFiles, keepHandEdits, refreshFromFolder, startHistory } from './folder-snapshot';
import { conventionalScript } from './script-pick';

export interface UpdateHost {
  states: AppStates;
  /** The app's record (app_not_found when it has none). */
  record(name: string): AppRecord;
  appDir(name: string): string;
  /** Refuses `doing` while a script of the app runs in its folder (app_busy). */
  assertNoScript(record: AppRecord, doing: string): void;
  /** `updates.keepGenerations` as set now. */
  keepGenerations(): number;
  /** Runs the app's update script, if it has one, to its end (its name, or null); throws when it does not finish. */
  runUpdateScript(name: string): Promise<string | null>;
  /** Moves the app to installing and starts its install script in the background: its run id, or null without one. */
  reinstall(record: AppRecord): Promise<string | null>;
  /** The folder an app copied from a folder updates from; null for a clone. */
  launcherFolder(record: AppRecord): Promise<string | null>;
}

export interface UpdateResult {
  name: string;
  commit: string | null;
  previousCommit: string | null;
}

/** What an update did: `updated` is false when the launcher had nothing new (the commit stayed); `script` is the
 * update script that ran to its end, or null. */
export interface UpdateOutcome extends UpdateResult {
  updated: boolean;
  script: string | null;
}

/** sha256 of the app's install script (install.js or install.json), or null when it has none. */
export async function installScriptHash(appDir: string): Promise<string | null> {
  const file = conventionalScript('install', launcherRoot(appDir));
  if (!file) return null;
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** The generations of a record; records older than generations had only `previousCommit`. */
export function generationsOf(record: AppRecord): AppGeneration[] {
  if (record.generations) return record.generations;
  return record.previousCommit
    ? [{ commit: record.previousCommit, installHash: null, at: record.updatedAt }]
    : [];
}

/** Where an update or rollback leaves the app: the idle state it came from (after a failed start, installed). */
function restingState(state: AppState): AppState {
  return state === 'stopped' || state === 'install-failed' ? state : 'installed';
}

/**
 * What a record that Hangar left in `installing`, `updating` or `removing` (it was killed) becomes at the next start:
 * a cut install is install-failed; a cut update (or rollback) returns to the commit recorded before it began; a cut
 * removal leaves the app stopped, to be removed again.
 */
export async function recoverInterrupted(record: AppRecord, appDir: string): Promise<AppRecord> {
  const base = { ...record, startRunId: null, url: null, port: null };
  if (record.state === 'installing' || !record.commit) {
    return {
      ...base,
      state: 'install-failed',
      error: { message: `Hangar restarted during ${record.state}; run the install again.` },
    };
  }
  const resting: AppState = record.lastInstall === null ? 'install-failed' : 'installed';
  if (record.state === 'removing')
    return {
      ...base,
      state: resting === 'installed' ? 'stopped' : resting,
      error: { message: 'Hangar restarted while removing this app; remove it again.' },
    };
  try {
    await gitClient(appDir).reset(['--hard', record.commit]);
  } catch (error) {
    return {
      ...base,
      state: 'failed',
      error: {
        message: `Hangar restarted during updating and returning to ${shortCommit(record.commit)} failed (${errorMessage(error).trim()}); roll back or update again.`,
      },
    };
  }
  const generations = generationsOf(record).filter((g) => g.commit !== record.commit);
  return {
    ...base,
    state: resting,
    generations,
    previousCommit: generations[0]?.commit ?? null,
    error: {
      message: `Hangar restarted during updating; rolled back to ${shortCommit(record.commit)}.`,
    },
  };
}

export class AppUpdates {
  constructor(private readonly host: UpdateHost) {}

  /**
   * Pulls the launcher (an app copied from a folder copies the folder's files again) and runs its update script; the
   * commit it replaces is recorded before anything changes.
   */
  async update(name: string): Promise<UpdateOutcome> {
    const record = this.host.record(name);
    this.assertReady(record, 'updating');
    const dir = this.host.appDir(name);
    const folder = await this.host.launcherFolder(record);
    let current = await headCommit(dir);
    if (!current && folder) {
      // Copied before Hangar kept a history of copied launchers: its launcher files as they are now come first.
      current = await startHistory(dir, folder, await folderFiles(folder));
    } else if (current && folder) {
      // Launcher files edited by hand are kept as a commit: the copy overwrites them, a rollback brings them back.
      current = await keepHandEdits(dir);
    }
    if (!current)
      throw new EngineError(
        'unsupported',
        `${name} is not a git checkout: there is nothing to pull`,
        {
          details: { name },
        },
      );
    const resting = restingState(record.state);
    const kept = generationsOf(record);
    // After an update the app is at the newest commit it has had: none of the kept ones is newer any more.
    const older = kept.map(({ newer: _newer, ...g }) => g);
    const generation: AppGeneration = {
      commit: current,
      installHash: await installScriptHash(dir),
      at: Date.now(),
    };
    const priorError = record.error;
    await this.host.states.move(record, 'updating', {
      generations: this.trim([generation, ...older], null),
      previousCommit: current,
    });
    try {
      if (folder) await refreshFromFolder(dir, folder);
      else await gitClient(dir).pull(['--ff-only']);
      const script = await this.host.runUpdateScript(name);
      const commit = await headCommit(dir);
      const updated = commit !== current;
      const generations = updated ? this.trim([generation, ...older], commit) : kept;
      const previousCommit = generations[0]?.commit ?? null;
      await this.host.states.move(this.host.record(name), resting, {
        commit,
        generations,
        previousCommit,
        error: resting === 'install-failed' ? priorError : null,
      });
      return { name, commit, previousCommit, updated, script };
    } catch (error) {
      throw await this.undoUpdate(name, current, kept, resting, error);
    }
  }

  /** Returns the app to its previous generation (a second call goes forward again); re-installs when the install script differs. */
  async rollback(name: string): Promise<UpdateResult & { commit: string; runId: string | null }> {
    const record = this.host.record(name);
    this.assertReady(record, 'rolling back');
    const generations = generationsOf(record);
    const target = generations[0];
    if (!target)
      throw new EngineError('conflict', `${name} has no earlier commit to roll back to`, {
        details: { name },
      });
    const dir = this.host.appDir(name);
    let current = await headCommit(dir);
    if (!current)
      throw new EngineError(
        'unsupported',
        `${name} is not a git checkout: there is nothing to roll back`,
        { details: { name } },
      );
    // A copied launcher's hand edits are kept as the commit the rollback leaves (returning forward brings them back).
    if (await this.host.launcherFolder(record)) current = await keepHandEdits(dir);
    const resting = restingState(record.state);
    const hashBefore = await installScriptHash(dir);
    await this.host.states.move(record, 'updating');
    try {
      await gitClient(dir).reset(['--hard', target.commit]);
    } catch (error) {
      const message = `rolling back to ${shortCommit(target.commit)} failed: ${errorMessage(error).trim()}`;
      await this.host.states.move(this.host.record(name), resting, { error: { message } });
      throw new EngineError('step_failed', `${name}: ${message}`, {
        details: { name, commit: target.commit },
        cause: error,
      });
    }
    // Rolling back leaves a newer commit to return to; returning forward leaves an older one again.
    const left: AppGeneration = { commit: current, installHash: hashBefore, at: Date.now() };
    if (!target.newer) left.newer = true;
    const next = this.trim([left, ...generations.slice(1)], target.commit);
    const change = {
      commit: target.commit,
      generations: next,
      previousCommit: next[0]?.commit ?? null,
    };
    if ((await installScriptHash(dir)) !== hashBefore) {
      // The install script changed between the two commits: what it set up belongs to the other one.
      const runId = await this.host.reinstall(
        await this.host.states.move(this.host.record(name), 'updating', change),
      );
      return { name, commit: target.commit, previousCommit: change.previousCommit, runId };
    }
    await this.host.states.move(this.host.record(name), resting, change);
    return { name, commit: target.commit, previousCommit: change.previousCommit, runId: null };
  }

  private assertReady(record: AppRecord, doing: string): void {
    this.host.states.assertIdle(record);
    if (record.state === 'running')
      throw new EngineError('app_busy', `${record.name} is running; stop it before ${doing}`, {
        details: { name: record.name },
      });
    this.host.assertNoScript(record, doing);
  }

  /** Puts the code back at `current` after a failed update and says so; the generations stay as they were. */
  private async undoUpdate(
    name: string,
    current: string,
    kept: AppGeneration[],
    resting: AppState,
    error: unknown,
  ): Promise<EngineError> {
    const reason = errorMessage(error).trim();
    const details = isEngineError(error) ? error.details : undefined;
    const lastLines = Array.isArray(details?.lastLines) ? (details.lastLines as string[]) : [];
    try {
      await gitClient(this.host.appDir(name)).reset(['--hard', current]);
    } catch (resetError) {
      // The new code stays; the generation recorded before the pull is what apps.rollback returns to.
      const message = `update failed (${reason}) and rolling back to ${shortCommit(current)} failed too (${errorMessage(resetError).trim()}); roll back or update again`;
      await this.host.states.move(this.host.record(name), 'failed', {
        error: { message, lastLines },
      });
      return new EngineError('step_failed', `${name}: ${message}`, {
        details: { name, lastLines },
        cause: error,
      });
    }
    const message = `update failed (${reason}); rolled back to ${shortCommit(current)}`;
    await this.host.states.move(this.host.record(name), resting, {
      commit: current,
      generations: kept,
      previousCommit: kept[0]?.commit ?? null,
      error: { message, lastLines },
    });
    return new EngineError(
      isEngineError(error) ? error.code : 'step_failed',
      `${name}: ${message}`,
      { details: { name, commit: current, lastLines }, cause: error },
    );
  }

  /** Newest first, without the commit the app is at and without repeats, at most `updates.keepGenerations`. */
  private trim(generations: AppGeneration[], at: string | null): AppGeneration[] {
    const seen = new Set<string>(at ? [at] : []);
    const kept = generations.filter((g) => !seen.has(g.commit) && Boolean(seen.add(g.commit)));
    return kept.slice(0, this.host.keepGenerations());
  }
}
