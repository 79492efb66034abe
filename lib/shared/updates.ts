// What the periodic check of installed apps found: for a git app, how far it is behind its upstream and the changelog;
// for an app copied from a folder, which launcher files the folder has changed since the copy.
import { z } from 'zod';
import { shortCommit } from './format';

export const updateCheckSchema = z.object({
  name: z.string(),
  /** When the last check ended (epoch ms). */
  checkedAt: z.number(),
  /** `commits` for a git app; `files` for an app copied from a folder (behind counts files, the changelog names them). */
  kind: z.enum(['commits', 'files']).default('commits'),
  /** Commits upstream that the app does not have (files the folder changed, for `files`). */
  behind: z.number().int().min(0),
  /** Local commits the upstream does not have. */
  ahead: z.number().int().min(0),
  /** The subjects of the commits between HEAD and the upstream, newest first (at most 50); for `files`, no commit and
   * one subject per file ("app/server.js changed"). */
  changelog: z.array(z.object({ commit: z.string(), subject: z.string() })),
  /** Why the fetch failed (offline, remote gone); the counts are from the last fetch that worked. */
  error: z.string().nullable(),
});
export type UpdateCheck = z.infer<typeof updateCheckSchema>;

/** "3 new commits", "1 launcher file changed", or "up to date". */
export function updateSummary(check: Pick<UpdateCheck, 'kind' | 'behind'>): string {
  const n = check.behind;
  if (n === 0) return 'up to date';
  return check.kind === 'files'
    ? `${n} launcher file${n === 1 ? '' : 's'} changed`
    : `${n} new commit${n === 1 ? '' : 's'}`;
}

/** What an apps.update did, as its answer says it. */
export interface UpdateDone {
  commit: string | null;
  updated: boolean;
  /** The launcher's update script that ran to its end (relative to the launcher), or null when it has none. */
  script: string | null;
}

/** "; update.js ran to its end" after an update's words, or nothing when it had no update script. */
export function scriptRan(script: string | null): string {
  return script ? `; ${script} ran to its end` : '';
}

/**
 * The line an update leaves: where the app is now and whether its update script ran. "Already up to date" only when
 * nothing at all happened: an update script (an `npm install`, a `git pull` of the app's own code) may change things
 * without a new launcher commit. `copied` says the launcher was copied from a folder (undefined: not known here).
 */
export function updateOutcome(done: UpdateDone, copied?: boolean): string {
  const ran = scriptRan(done.script);
  if (done.updated)
    return `Updated to ${done.commit ? shortCommit(done.commit) : 'the newest launcher'}${ran}.`;
  const nothingNew =
    copied === undefined
      ? 'the launcher had nothing new'
      : copied
        ? 'no launcher file changed'
        : 'no new commit upstream';
  if (done.script) return `${nothingNew[0]!.toUpperCase()}${nothingNew.slice(1)}${ran}.`;
  return `Already up to date: ${nothingNew}.`;
}
