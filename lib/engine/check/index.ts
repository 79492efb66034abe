// `hangar check`: loads every script of a launcher offline, renders its menu in four states, reports problems.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItem } from '../../shared/menu';
import { errorMessage, isEngineError } from '../errors';
import { homeLayout } from '../home';
import { launcherRoot, listScriptFiles, loadLauncher } from '../launcher/index';
import { loadRaw, notRunnableReason } from '../script/loader';
import { buildKernel } from '../script/kernel';
import { buildInfo } from '../script/info';
import { DESKTOP_ONLY, knownMethods } from '../steps/registry';
import { defaultSystem } from '../script/runner-options';
import { fakeRuntime, MENU_STATES, type MenuState } from './fake-runtime';
import { planScript, type PlanContext, type ScriptPlan } from './script-check';
import { relative } from './step-checks';
import { toolsNeeded } from '../tools';
import type { CheckOptions, CheckReport, ScriptReport } from './types';

export type { CheckOptions, CheckReport, ScriptReport, StepPlan } from './types';
export { MENU_STATES, FAKE_URL, type MenuState } from './fake-runtime';
export { formatCheckReport } from './format';

type Loaded = { abs: string; raw?: unknown; error?: unknown };

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

  const loaded: Loaded[] = [];
  for (const rel of listScriptFiles(root)) {
    const abs = path.join(root, rel);
    const kernel = buildKernel(installed, path.dirname(abs));
    try {
      loaded.push({
        abs,
        raw: await loadRaw(abs, { kernel, info: buildInfo(installed, path.dirname(abs)) }),
      });
    } catch (error) {
      loaded.push({ abs, error });
    }
  }

  const plans = new Map<string, ScriptPlan | Error>();
  for (const item of loaded) {
    if (item.error !== undefined || notRunnableReason(item.raw)) continue;
    try {
      plans.set(item.abs, await planScript(item.abs, item.raw, ctx));
    } catch (error) {
      plans.set(item.abs, error instanceof Error ? error : new Error(String(error)));
    }
  }

  const referenced = new Set<string>();
  const starts = new Set<string>();
  const localKeys: Record<string, string[]> = {};
  for (const [abs, plan] of plans) {
    if (plan instanceof Error) continue;
    plan.targets.forEach((t) => referenced.add(t));
    if (plan.script.daemon) starts.add(abs);
    localKeys[abs] = plan.steps.flatMap((s) =>
      s.method === 'local.set' && isRecord(s.params) ? Object.keys(s.params) : [],
    );
  }
  for (const name of ['start.js', 'start.json'])
    if (existsSync(path.join(root, name))) starts.add(path.join(root, name));

  await renderMenus(report, root, { ...base, startScripts: [...starts], localKeys }, referenced);
  for (const item of loaded)
    report.scripts.push(scriptReport(item, plans.get(item.abs), referenced, ctx));
  report.tools = toolsNeeded(
    [...plans].flatMap(([abs, plan]) =>
      plan instanceof Error
        ? []
        : [{ file: relative(ctx, abs), steps: plan.steps, requires: plan.script.requires }],
    ),
    system,
  );
  report.ok = report.errors.length === 0 && report.scripts.every((s) => s.ok);
  return report;
}

async function renderMenus(
  report: CheckReport,
  root: string,
  base: Omit<Parameters<typeof fakeRuntime>[0], 'state'>,
  referenced: Set<string>,
): Promise<void> {
  for (const state of MENU_STATES) {
    try {
      const launcher = await loadLauncher(root, fakeRuntime({ ...base, state }));
      if (typeof launcher.meta.title === 'string') report.title = launcher.meta.title;
      const items = await launcher.menu();
      report.menus[state] = items;
      collectHrefs(items, root, referenced, state, report);
    } catch (error) {
      report.errors.push(`menu (${state}): ${errorMessage(error)}`);
    }
  }
}

function collectHrefs(
  items: MenuItem[],
  root: string,
  referenced: Set<string>,
  state: MenuState,
  report: CheckReport,
): void {
  for (const item of items) {
    if (item.menu) collectHrefs(item.menu, root, referenced, state, report);
    if (typeof item.href !== 'string' || /^[a-z][a-z0-9+.-]*:|^\//i.test(item.href)) continue;
    const file = item.href.split('?')[0]!;
    if (!/\.(c|m)?js$|\.json$/.test(file)) continue;
    const abs = path.resolve(root, file);
    if (existsSync(abs)) referenced.add(abs);
    else {
      const warning = `menu (${state}): "${item.text ?? item.html ?? item.href}" links to missing script ${file}`;
      if (!report.warnings.includes(warning)) report.warnings.push(warning);
    }
  }
}

function scriptReport(
  item: Loaded,
  plan: ScriptPlan | Error | undefined,
  referenced: Set<string>,
  ctx: PlanContext,
): ScriptReport {
  const file = relative(ctx, item.abs);
  const out: ScriptReport = {
    file,
    kind: 'script',
    ok: true,
    steps: [],
    errors: [],
    warnings: [],
    notes: [],
  };
  const isReferenced = referenced.has(item.abs);
  if (item.error !== undefined) {
    const message = errorMessage(item.error);
    const parse = isEngineError(item.error) && item.error.code === 'script_parse';
    if (parse || isReferenced) out.errors.push(message);
    else {
      out.kind = 'module';
      out.warnings.push(`not loadable offline, skipped: ${message.split('\n')[0]}`);
    }
  } else if (!plan) {
    const reason = notRunnableReason(item.raw);
    if (isReferenced) out.errors.push(`not a runnable script: ${reason}`);
    else {
      out.kind = 'module';
      out.notes.push(`not a runnable script (${reason}); treated as a data/helper module`);
    }
  } else if (plan instanceof Error) {
    out.errors.push(plan.message);
  } else {
    out.daemon = plan.script.daemon;
    out.steps = plan.steps;
    out.errors.push(...plan.errors);
    out.warnings.push(...plan.warnings);
    out.notes.push(...plan.notes);
  }
  out.ok = out.errors.length === 0;
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
