// `hangar check`: loads a launcher's scripts offline, renders its menu in four states, reports problems.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors';
import { homeLayout } from '../home';
import { launcherRoot, loadLauncher } from '../launcher/index';
import { loadRaw, notRunnableReason } from '../script/loader';
import { buildKernel } from '../script/kernel';
import { buildInfo } from '../script/info';
import { DESKTOP_ONLY, knownMethods } from '../steps/registry';
import { defaultSystem } from '../script/runner-options';
import { fakeRuntime, MENU_STATES, type MenuState } from './fake-runtime';
import { menuLinks, namedScripts, rootScripts, type MenuLink } from './discover';
import { describeMissing, localRequires, missingKernelMembersOf } from './kernel-members';
import { planScript, type PlanContext, type ScriptPlan } from './script-check';
import { scriptReport, type Loaded } from './script-report';
import { relative } from './step-checks';
import { isInside } from '../script/safe-path';
import { toolsNeeded } from '../tools';
import type { CheckOptions, CheckReport } from './types';

export type { CheckOptions, CheckReport, ScriptReport, StepPlan } from './types';
export { MENU_STATES, FAKE_URL, type MenuState } from './fake-runtime';
export { formatCheckReport } from './format';

/** Checks a launcher folder without running anything or touching the network. */
export async function checkLauncher(dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const root = launcherRoot(dir);
  const system = options.system ?? defaultSystem();
  const home = homeLayout(options.home ?? path.join(os.homedir(), 'hangar'));
  const knownList = options.knownMethods ?? knownMethods();
  const report: CheckReport = {
    launcher: root,
    scripts: [],
    menus: {},
    tools: [],
    errors: [],
    warnings: [],
    ok: false,
  };
  const base = { root, system, home: home.root };
  const installed = fakeRuntime({ ...base, state: 'installed', startScripts: [] });
  const ctx: PlanContext = {
    root,
    runtime: installed,
    system,
    home,
    env: launcherEnv(root),
    known: new Set(knownList),
    knownList,
    desktopOnly: options.desktopOnly ?? DESKTOP_ONLY,
  };

  // Root scripts, then every script the menus (in any state) and the scripts themselves reference, to a fixpoint.
  const found: Found = { loaded: new Map(), plans: new Map(), referenced: new Set() };
  const queue = [...rootScripts(root), ...menuNamedScripts(root)];
  let menus: RenderedMenus;
  for (;;) {
    await loadAndPlan(queue, found, ctx);
    const { starts, localKeys } = runningFacts(root, found.plans);
    menus = await renderMenus(root, { ...base, startScripts: starts, localKeys });
    const links = menus.links.filter((l) => existsSync(l.abs));
    links.forEach((l) => found.referenced.add(l.abs));
    const fresh = links.filter((l) => !found.loaded.has(l.abs)).map((l) => l.abs);
    if (fresh.length === 0) break;
    queue.push(...fresh);
  }
  report.menus = menus.menus;
  if (menus.title !== undefined) report.title = menus.title;
  report.errors.push(...menus.errors);
  for (const link of menus.links.filter((l) => !existsSync(l.abs))) {
    const warning = `menu (${link.state}): "${link.label}" links to missing script ${link.file}`;
    if (!report.warnings.includes(warning)) report.warnings.push(warning);
  }

  const kernel = buildKernel(installed, root);
  for (const file of launcherCode(root, found.loaded))
    for (const missing of missingKernelMembersOf(file, kernel))
      report.warnings.push(`${relative(ctx, file)}: ${describeMissing(missing)}`);
  const ordered = [...found.loaded.values()].sort((a, b) => a.abs.localeCompare(b.abs));
  for (const item of ordered)
    report.scripts.push(
      scriptReport(item, found.plans.get(item.abs), found.referenced, ctx, kernel),
    );
  report.tools = toolsNeeded(
    [...found.plans].flatMap(([abs, plan]) =>
      plan instanceof Error
        ? []
        : [{ file: relative(ctx, abs), steps: plan.steps, requires: plan.script.requires }],
    ),
    system,
  );
  report.ok = report.errors.length === 0 && report.scripts.every((s) => s.ok);
  return report;
}

/** Scripts pinokio.js (and the local modules it requires) name in its code. */
function menuNamedScripts(root: string): string[] {
  const menu = path.join(root, 'pinokio.js');
  if (!existsSync(menu)) return [];
  const files = [menu, ...localRequires(menu).filter((f) => isInside(f, root))];
  return files.flatMap((file) => namedScripts(file, readFileSync(file, 'utf8'), root));
}

/** Code that is not a script of the report: pinokio.js and the local modules it and the scripts require. */
function launcherCode(root: string, loaded: ReadonlyMap<string, Loaded>): string[] {
  const menu = path.join(root, 'pinokio.js');
  const queue = [...(existsSync(menu) ? [menu] : []), ...loaded.keys()].filter((f) =>
    /\.c?js$/.test(f),
  );
  const seen = new Set(queue);
  const out: string[] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!loaded.has(file)) out.push(file);
    for (const required of localRequires(file)) {
      if (seen.has(required) || !isInside(required, root)) continue;
      seen.add(required);
      queue.push(required);
    }
  }
  return out;
}

interface Found {
  loaded: Map<string, Loaded>;
  plans: Map<string, ScriptPlan | Error>;
  /** Scripts a menu or another script names (they must load and run). */
  referenced: Set<string>;
}

/** Loads and plans every queued script once; the scripts a plan starts are queued in turn. */
async function loadAndPlan(queue: string[], found: Found, ctx: PlanContext): Promise<void> {
  for (let abs = queue.shift(); abs !== undefined; abs = queue.shift()) {
    if (found.loaded.has(abs)) continue;
    const dir = path.dirname(abs);
    const item: Loaded = { abs };
    found.loaded.set(abs, item);
    try {
      const kernel = buildKernel(ctx.runtime, dir);
      item.raw = await loadRaw(abs, { kernel, info: buildInfo(ctx.runtime, dir) });
    } catch (error) {
      item.error = error;
      continue;
    }
    if (notRunnableReason(item.raw)) continue;
    try {
      const plan = await planScript(abs, item.raw, ctx);
      found.plans.set(abs, plan);
      plan.targets.forEach((t) => found.referenced.add(t));
      queue.push(...plan.targets, ...plan.modules);
    } catch (error) {
      found.plans.set(abs, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** The daemon scripts (shown running in the running states) and the `local` keys each script sets. */
function runningFacts(root: string, plans: ReadonlyMap<string, ScriptPlan | Error>) {
  const starts = new Set<string>();
  const localKeys: Record<string, string[]> = {};
  for (const [abs, plan] of plans) {
    if (plan instanceof Error) continue;
    if (plan.script.daemon) starts.add(abs);
    localKeys[abs] = plan.steps.flatMap((s) =>
      s.method === 'local.set' && isRecord(s.params) ? Object.keys(s.params) : [],
    );
  }
  for (const name of ['start.js', 'start.json'])
    if (existsSync(path.join(root, name))) starts.add(path.join(root, name));
  return { starts: [...starts], localKeys };
}

interface RenderedMenus {
  title?: string;
  menus: CheckReport['menus'];
  errors: string[];
  links: (MenuLink & { state: MenuState })[];
}

async function renderMenus(
  root: string,
  base: Omit<Parameters<typeof fakeRuntime>[0], 'state'>,
): Promise<RenderedMenus> {
  const out: RenderedMenus = { menus: {}, errors: [], links: [] };
  for (const state of MENU_STATES) {
    try {
      const launcher = await loadLauncher(root, fakeRuntime({ ...base, state }));
      if (typeof launcher.meta.title === 'string') out.title = launcher.meta.title;
      const items = await launcher.menu();
      out.menus[state] = items;
      out.links.push(...menuLinks(items, root).map((link) => ({ ...link, state })));
    } catch (error) {
      out.errors.push(`menu (${state}): ${errorMessage(error)}`);
    }
  }
  return out;
}

/** Variables from the launcher's `ENVIRONMENT`/`_ENVIRONMENT` (no host secrets leak into the report). */
function launcherEnv(root: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['_ENVIRONMENT', 'ENVIRONMENT']) {
    const file = path.join(root, name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (match && match[2] !== '') env[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  if (process.env.PATH) env.PATH = process.env.PATH;
  return env;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
