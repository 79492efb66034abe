// What the API shows of an app: its summary (card), its detail page, and its icon file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppActivity, AppDetail, AppSummary } from '../../shared/app';
import type { MenuItem } from '../../shared/menu';
import { runTitle } from '../../shared/run-title';
import type { AppState } from '../../shared/app-state';
import type { CatalogEntry } from '../../shared/catalog';
import { errorMessage, isEngineError } from '../errors';
import { loadLauncher, type Launcher } from '../launcher';
import { appPin } from '../repo-pins';
import { DEFAULT_LAUNCH_OPTIONS } from '../../shared/launch-options';
import { appGpuMemory } from '../system/gpu-usage';
import { readGpuPins } from '../system/gpu-pins';
import { publicUrl, type AppContext } from './app-context';
import { findAppIcon, shownIcon, type IconFile } from './app-icon';
import { generationsOf } from './app-updates';
import type { AppRecord } from './app-store';

/** States in which a running script is the app's only activity (while it serves, the start run is). */
const IDLE_STATES = new Set<AppState>(['installed', 'stopped', 'failed', 'install-failed']);

/** The script running beside an idle app, named as its menu (rendered here unless given) names it. */
async function activityOf(
  ctx: AppContext,
  record: AppRecord,
  launcher: Launcher | null,
  rendered?: MenuItem[],
): Promise<AppActivity | null> {
  if (!IDLE_STATES.has(record.state)) return null;
  const activity = ctx.runs.activity(record.name, record.startRunId);
  if (!activity) return null;
  // A menu that fails to render names nothing: the script's file name stands for it.
  const menu = rendered ?? (launcher ? await launcher.menu().catch(() => []) : []);
  return { ...activity, title: runTitle(activity.script, menu) };
}

/** Looks up catalog entries by id, reading the catalog once (on first need) for a whole list of summaries. */
export function catalogEntries(ctx: AppContext): (id: string) => Promise<CatalogEntry | null> {
  let entries: Promise<CatalogEntry[]> | null = null;
  return async (id) =>
    (await (entries ??= ctx.options.catalog.list())).find((e) => e.id === id) ?? null;
}

/** `menu`: the launcher's menu when the caller rendered it already (the detail page shows it too). */
export async function appSummary(
  ctx: AppContext,
  record: AppRecord,
  catalogEntry = catalogEntries(ctx),
  menu?: MenuItem[],
): Promise<AppSummary> {
  let meta: Record<string, unknown> = {};
  let icon: string | null = null;
  let launcher: Launcher | null = null;
  const dir = ctx.appDir(record.name);
  try {
    // An app whose files are still being fetched (or failed to be) has no launcher yet.
    if (existsSync(dir)) {
      launcher = await loadLauncher(dir, ctx.options.runner);
      meta = launcher.meta;
      icon = await shownIcon(launcher.dir, dir, meta.icon);
    }
  } catch (error) {
    meta = { description: `launcher unreadable: ${errorMessage(error)}` };
  }
  // A catalog app is shown as its Discover card showed it: the card's title ("ComfyUI", where the launcher says
  // "Comfyui") and icon. An app installed from a URL or a folder shows its launcher's own.
  const entry = record.source.catalogId ? await catalogEntry(record.source.catalogId) : null;
  const launcherTitle = typeof meta.title === 'string' ? meta.title : null;
  return {
    name: record.name,
    title: entry?.title ?? launcherTitle ?? record.name,
    description: typeof meta.description === 'string' ? meta.description : '',
    icon: entry?.icon ?? icon,
    state: record.state,
    url: record.state === 'running' ? publicUrl(record.name) : null,
    port: record.state === 'running' ? record.port : null,
    source: record.source,
    commit: record.commit,
    previousCommit: record.previousCommit,
    error: record.error,
    installedAt: record.installedAt,
    updatedAt: record.updatedAt,
    job: ctx.options.jobStatus?.(record.name) ?? null,
    activity: await activityOf(ctx, record, launcher, menu),
  };
}

/** The summary plus restart policy, generations, GPU pins and memory, repository pin, menu, scripts and runs. */
export async function appDetail(ctx: AppContext, name: string): Promise<AppDetail> {
  const { options } = ctx;
  const record = ctx.record(name);
  const appDir = ctx.appDir(name);
  const launcher = existsSync(appDir) ? await loadLauncher(appDir, options.runner) : null;
  const pids = record.state === 'running' ? (options.pidsOf?.(name) ?? []) : [];
  const menu = launcher ? await launcher.menu() : [];
  return {
    ...(await appSummary(ctx, record, catalogEntries(ctx), menu)),
    restart: record.restart ?? 'never',
    generations: generationsOf(record),
    gpus: (await readGpuPins(options.home))[name] ?? null,
    launch: record.launch ?? DEFAULT_LAUNCH_OPTIONS,
    gpuMemoryMiB: pids.length > 0 ? await appGpuMemory(pids) : null,
    pin: await appPin(options.home, name),
    menu,
    scripts: launcher?.scripts ?? [],
    // Runs of an earlier install of the same name (removed since) are not this app's history.
    runs: options.runner
      .list({ app: name })
      .filter((r) => r.startedAt >= record.installedAt)
      .map((r) => ({
        runId: r.runId,
        // The install run's first phase fetches the app's files: its script is the app folder until then.
        script: r.script === appDir ? 'fetch' : path.relative(launcher?.dir ?? appDir, r.script),
        status: r.status,
        startedAt: r.startedAt,
      })),
  };
}

/** The icon file the app's launcher names (an image inside its folder), or null. */
export async function appIconFile(ctx: AppContext, name: string): Promise<IconFile | null> {
  if (!ctx.store.get(name)) return null;
  const dir = ctx.appDir(name);
  try {
    const launcher = await loadLauncher(dir, ctx.options.runner);
    return await findAppIcon(launcher.dir, dir, launcher.meta.icon);
  } catch (error) {
    // A launcher that cannot be read has no icon to show (its card says why).
    if (isEngineError(error)) return null;
    throw error;
  }
}
