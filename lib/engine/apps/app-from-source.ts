// A new app from a source (a catalog id, a git URL or a folder): its name, its files fetched into api/<name> and
// checked to be a launcher, and its first record.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../diagnosis/diagnose';
import { EngineError, isEngineError } from '../errors';
import type { AppContext } from './app-context';
import type { AppInstalls } from './app-installs';
import { assertAppName, deriveAppName } from './app-name';
import type { AppProfiles } from './app-profiles';
import { assertLauncher } from './app-scripts';
import { acquireSource, classifySource } from './app-source';
import type { AppRecord } from './app-store';

/** Fetches the source into api/<name>, then runs its install script in the background. */
export async function installFromSource(
  ctx: AppContext,
  parts: { installs: AppInstalls; profiles: AppProfiles },
  source: string,
  requestedName?: string,
): Promise<{ name: string; runId: string | null }> {
  const { catalog } = ctx.options;
  const entry = await catalog.get(source);
  const location = entry ? catalog.sourceOf(entry) : source;
  const name = assertAppName(requestedName ?? entry?.id ?? deriveAppName(location));
  const existing = ctx.store.get(name);
  const sameSource =
    existing &&
    [existing.source.location, existing.source.catalogId].some(
      (known) => known === source || known === path.resolve(source),
    );
  // An install that failed (or was cancelled) runs again in place: its files are already there.
  if (existing?.state === 'install-failed' && sameSource)
    return { name, runId: await parts.installs.begin(existing) };
  if (existing || existsSync(ctx.appDir(name))) {
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
  const { commit } = await acquireSource(classified, ctx.appDir(name), (dir) =>
    assertLauncher(ctx, dir, location),
  ).catch(async (error: unknown) => {
    throw await withDiagnosis(error);
  });
  const now = Date.now();
  const record: AppRecord = {
    name,
    state: 'not-installed',
    source: appSource,
    commit,
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
  await ctx.store.put(record);
  return { name, runId: await parts.installs.begin(record) };
}

/** A failed fetch (bad URL, unreachable host, not a launcher) carries what happened and what to do, as a failed run does. */
async function withDiagnosis(error: unknown): Promise<unknown> {
  if (!isEngineError(error)) return error;
  const diagnosis = await diagnose(error.message);
  if (!diagnosis) return error;
  return new EngineError(error.code, error.message, {
    details: { ...error.details, diagnosis },
    cause: error,
  });
}
