// A new app from a source (a catalog id, a git URL or a folder): its name, its first record, and one install run
// that fetches its files into api/<name> (checked to be a launcher) before its install script.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../errors';
import type { PreludeLog } from '../script/run-prelude';
import type { AppContext } from './app-context';
import type { AppInstalls } from './app-installs';
import { assertAppName, deriveAppName } from './app-name';
import type { AppProfiles } from './app-profiles';
import { assertLauncher } from './app-scripts';
import { startHistory } from './folder-snapshot';
import { checkInstallSpace } from './install-space';
import { acquireSource, classifySource, isGitUrl } from './app-source';
import type { AppRecord } from './app-store';

/** Whether an app came from this source (its location or catalog id, a path compared resolved). */
export function isFromSource(record: AppRecord, source: string): boolean {
  return [record.source.location, record.source.catalogId].some(
    (known) => known === source || known === path.resolve(source),
  );
}

/** What to install: a catalog id, git URL or folder; the name (default: from the source); `force` skips the disk check. */
export interface InstallRequest {
  source: string;
  name?: string;
  force?: boolean;
}

/**
 * Fetches the source into api/<name>, then runs its install script in the background. A catalog entry whose disk
 * estimate is more than the free space is refused (`disk_full`) unless `force`. A name taken by a failed install
 * without files is given to the new source, so a mistyped URL can be corrected under the same name.
 */
export async function installFromSource(
  ctx: AppContext,
  parts: { installs: AppInstalls; profiles: AppProfiles },
  { source, name: requestedName, force = false }: InstallRequest,
): Promise<{ name: string; runId: string | null }> {
  const { catalog } = ctx.options;
  const entry = await catalog.get(source);
  const location = entry ? catalog.sourceOf(entry) : source;
  const name = assertAppName(requestedName ?? entry?.id ?? deriveAppName(location));
  const existing = ctx.store.get(name);
  const sameSource = existing && isFromSource(existing, source);
  const hasFiles = existsSync(ctx.appDir(name));
  // A failed install whose files never arrived (a wrong URL) holds only its name: another source may take it.
  const sourceFixed = existing?.state === 'install-failed' && !sameSource && !hasFiles;
  if (!force && (!existing || sameSource || sourceFixed))
    await checkInstallSpace(ctx.options.home.api, entry ?? null);
  // An install that failed (or was cancelled) runs again in place: its files are there, or are fetched again.
  if (existing?.state === 'install-failed' && sameSource) {
    ctx.runs.assertNoScript(name, existing.startRunId, 'installing it again');
    if (hasFiles) return { name, runId: await parts.installs.begin(existing) };
    return { name, runId: await fetchAndInstall(ctx, parts.installs, existing, location) };
  }
  if ((existing && !sourceFixed) || hasFiles) {
    throw new EngineError(
      'app_exists',
      `an app named ${name} already exists; choose another name`,
      {
        details: { name },
      },
    );
  }
  const classified = await classifySource(location);
  const appSource = entry
    ? { ...classified, kind: 'catalog' as const, catalogId: entry.id }
    : classified;
  if (entry?.proxy) parts.profiles.remember(name, entry.proxy);
  const now = Date.now();
  const record: AppRecord = {
    name,
    // Replacing a failed install moves on from its state, so a concurrent change to it is still caught.
    state: sourceFixed ? existing.state : 'not-installed',
    source: appSource,
    commit: null,
    previousCommit: null,
    url: null,
    port: null,
    error: null,
    startRunId: null,
    installedAt: now,
    updatedAt: now,
    generations: [],
    lastInstall: null,
  };
  return { name, runId: await fetchAndInstall(ctx, parts.installs, record, location) };
}

/**
 * One install run from the first line: the clone (or copy) logs git's progress into it, records the commit, and the
 * install script follows; a failed fetch (bad URL, unreachable host, not a launcher) fails the run with git's error.
 */
function fetchAndInstall(
  ctx: AppContext,
  installs: AppInstalls,
  record: AppRecord,
  location: string,
): Promise<string> {
  const { name } = record;
  const fetched = async (log: PreludeLog, signal: AbortSignal) => {
    const classified = await classifySource(location);
    const cloned = await acquireSource(
      classified,
      ctx.appDir(name),
      (dir) => assertLauncher(ctx, dir, location),
      signal,
      (line) => log(line, 'info'),
    );
    // A copied folder gets a history of its own, so it can be updated from the folder and rolled back.
    const commit = cloned.commit ?? (await startHistory(ctx.appDir(name), classified.location));
    const now = ctx.store.get(name);
    if (now) await ctx.store.put({ ...now, commit });
  };
  const label = isGitUrl(location) ? `git clone ${location}` : `fetch ${location}`;
  return installs.beginWithFetch(record, label, fetched);
}
