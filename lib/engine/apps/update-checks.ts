// "Update available": fetches each git app's upstream now and then (and compares each app copied from a folder with
// that folder), and keeps per app how far behind it is and what changed.
import { z } from 'zod';
import { updateCheckSchema, type UpdateCheck } from '../../shared/updates';
import { errorMessage } from '../errors';
import type { EventBus } from '../events';
import { readStateFileOr } from '../state-file-read';
import { SnapshotWriter } from '../state-snapshot';
import { gitClient } from './app-source';
import { folderChanges } from './folder-snapshot';

const CHANGELOG_LIMIT = 50;

/** An app to check: its folder, and whether it was copied from a folder rather than cloned. */
export interface Checkout {
  name: string;
  dir: string;
  copied?: boolean;
}

export interface UpdateCheckHost {
  bus: EventBus;
  /** The installed apps with a history, with their folders; `idle` leaves out those in the middle of an operation. */
  checkouts(idle?: boolean): Checkout[];
  /** Where the folder an app was copied from is now (a bundled launcher where this Hangar ships it). */
  launcherFolder(name: string): Promise<string | null>;
  /** `updates.checkEverySeconds` as set now (0: no periodic check). */
  intervalSeconds(): number;
  /** Where the results are kept across restarts (`cache/state/update-checks.json`; none: in memory only). */
  stateFile?: string;
}

/** The shape update-checks.json must have. */
export const updateChecksFileSchema = z.object({
  version: z.literal(1),
  checks: z.array(updateCheckSchema),
});

export class UpdateChecks {
  private readonly results = new Map<string, UpdateCheck>();
  private timer: NodeJS.Timeout | null = null;
  private armedSeconds = 0;
  private running: Promise<UpdateCheck[]> | null = null;

  private readonly store: SnapshotWriter | null;

  constructor(private readonly host: UpdateCheckHost) {
    this.store = host.stateFile
      ? new SnapshotWriter(host.stateFile, 'the update checks', () => ({
          version: 1,
          checks: [...this.results.values()],
        }))
      : null;
  }

  /** Reads the results an earlier Hangar kept; a corrupt file is kept aside and reported, and none are listed. */
  async load(): Promise<void> {
    if (!this.host.stateFile) return;
    const empty = { version: 1 as const, checks: [] };
    const data = await readStateFileOr(this.host.stateFile, updateChecksFileSchema, empty);
    for (const check of data.checks)
      if (!this.results.has(check.name)) this.results.set(check.name, check);
  }

  /** The last result of every git app checked so far (apps removed since are left out). */
  list(): UpdateCheck[] {
    const names = new Set(this.host.checkouts().map((c) => c.name));
    return [...this.results.values()].filter((r) => names.has(r.name));
  }

  /** Fetches every git app's upstream (one pass at a time; a call during a pass joins it). */
  checkAll(): Promise<UpdateCheck[]> {
    this.running ??= Promise.all(this.host.checkouts(true).map((c) => this.check(c, true))).finally(
      () => {
        this.running = null;
      },
    );
    return this.running;
  }

  /** Resolves once no fetch is under way (an update waits for it: two gits in one checkout fight over its locks). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Recounts one app against the upstream it fetched last, without the network (after an update or rollback). */
  async recount(name: string): Promise<void> {
    const checkout = this.host.checkouts().find((c) => c.name === name);
    if (checkout) await this.check(checkout, false);
    else if (this.results.delete(name)) await this.store?.save();
  }

  /** Starts the periodic check from the interval set now; again when that interval changed (or `force`). */
  arm(force = false): void {
    const seconds = this.host.intervalSeconds();
    if (!force && seconds === this.armedSeconds && (this.timer !== null || seconds <= 0)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedSeconds = seconds;
    if (seconds <= 0) return;
    this.timer = setTimeout(() => {
      void this.checkAll().finally(() => {
        if (this.timer) this.arm(true);
      });
    }, seconds * 1000);
    this.timer.unref();
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.store?.flushed();
  }

  /** A failed fetch (offline) is kept on the result, quietly: the counts stay those of the last good fetch. */
  private async check(checkout: Checkout, fetch: boolean): Promise<UpdateCheck> {
    const result = checkout.copied
      ? await this.compareFolder(checkout)
      : await this.fetchUpstream(checkout, fetch);
    this.results.set(checkout.name, result);
    await this.store?.save();
    this.host.bus.emit('app:updates', result);
    return result;
  }

  /** The launcher files the folder has changed since the app's last copy (no network). */
  private async compareFolder(checkout: Checkout): Promise<UpdateCheck> {
    const base = { name: checkout.name, kind: 'files' as const, ahead: 0 };
    try {
      const folder = await this.host.launcherFolder(checkout.name);
      if (!folder) throw new Error(`${checkout.name} was not copied from a folder`);
      const changes = await folderChanges(checkout.dir, folder);
      return {
        ...base,
        checkedAt: Date.now(),
        behind: changes.length,
        changelog: changes.slice(0, CHANGELOG_LIMIT).map((subject) => ({ commit: '', subject })),
        error: null,
      };
    } catch (cause) {
      return {
        ...base,
        checkedAt: Date.now(),
        behind: 0,
        changelog: [],
        error: errorMessage(cause).trim(),
      };
    }
  }

  private async fetchUpstream(checkout: Checkout, fetch: boolean): Promise<UpdateCheck> {
    const git = gitClient(checkout.dir);
    let error: string | null = null;
    if (fetch) {
      try {
        await git.fetch();
      } catch (cause) {
        error = errorMessage(cause).trim() || 'git fetch failed';
      }
    }
    const previous = this.results.get(checkout.name);
    let result: UpdateCheck;
    try {
      const counts = await git.raw(['rev-list', '--left-right', '--count', 'HEAD...@{upstream}']);
      const [ahead, behind] = counts.trim().split(/\s+/).map(Number);
      const log = await git.raw([
        'log',
        `--max-count=${CHANGELOG_LIMIT}`,
        '--format=%H%x09%s',
        'HEAD..@{upstream}',
      ]);
      const changelog = log
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const tab = line.indexOf('\t');
          return { commit: line.slice(0, tab), subject: line.slice(tab + 1) };
        });
      result = {
        name: checkout.name,
        kind: 'commits',
        checkedAt: Date.now(),
        behind: behind ?? 0,
        ahead: ahead ?? 0,
        changelog,
        error,
      };
    } catch (cause) {
      result = {
        name: checkout.name,
        kind: 'commits',
        checkedAt: Date.now(),
        behind: previous?.behind ?? 0,
        ahead: previous?.ahead ?? 0,
        changelog: previous?.changelog ?? [],
        error: error ?? `no upstream to compare with: ${errorMessage(cause).trim()}`,
      };
    }
    return result;
  }
}
