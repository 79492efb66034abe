// Plans one script offline: loads it, renders each step's `when` and params, and checks methods, paths and targets.
import { existsSync } from 'node:fs';
import type { SystemSnapshot } from '../../shared/system';
import { EngineError, errorMessage } from '../errors';
import type { HomeLayout } from '../home';
import { buildScope } from '../script/scope';
import { buildKernel, type KernelRuntime } from '../script/kernel';
import { requireFresh } from '../script/imports';
import {
  toLoadedScript,
  unknownMethodError,
  validateSteps,
  type LoadedScript,
  type StepSpec,
} from '../script/loader';
import { evaluateWhen, renderTemplate, type TemplateIssue } from '../script/template';
import { buildInfo } from '../script/info';
import { stepDescriptor } from '../steps/registry';
import { FAKE_PORT } from './fake-runtime';
import { hrefLinks } from './discover';
import { checkStep, localTarget, relative } from './step-checks';
import { fieldOf, undefinedName } from './template-names';
import type { StepPlan } from './types';

export interface PlanContext {
  root: string;
  runtime: KernelRuntime;
  system: SystemSnapshot;
  home: HomeLayout;
  env: Record<string, string>;
  known: ReadonlySet<string>;
  knownList: readonly string[];
  desktopOnly: Readonly<Record<string, string>>;
}

export interface ScriptPlan {
  script: LoadedScript;
  steps: StepPlan[];
  errors: string[];
  warnings: string[];
  notes: string[];
  /** Absolute paths of scripts this one starts (`script.start`/`run`/`stop`/`restart`) or links to (`href`). */
  targets: string[];
  /** Absolute paths of the custom modules its steps call (`{uri, method}`), loaded as code, not as scripts. */
  modules: string[];
}

/** Plans a loaded (runnable) script value. */
export async function planScript(abs: string, raw: unknown, ctx: PlanContext): Promise<ScriptPlan> {
  const script = toLoadedScript(abs, raw, ctx.root);
  const plan: ScriptPlan = {
    script,
    steps: [],
    errors: [],
    warnings: [],
    notes: [],
    targets: [],
    modules: [],
  };
  const kernel = buildKernel(ctx.runtime, script.dir);
  let steps: StepSpec[];
  if (script.steps) steps = script.steps;
  else {
    let produced: unknown;
    try {
      produced = await script.runFn!(
        kernel,
        buildInfo(ctx.runtime, script.dir),
        scopeFor(script, ctx, 0, 1, {}),
      );
    } catch (error) {
      throw new EngineError('script_error', `${abs}: run() threw: ${errorMessage(error)}`, {
        details: { file: abs },
        cause: error,
      });
    }
    validateSteps(abs, produced);
    steps = produced;
  }
  const ids = new Set(steps.map((s) => s.id).filter((id): id is string => typeof id === 'string'));
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    const scope = scopeFor(script, ctx, index, steps.length, index === 0 ? {} : undefined);
    plan.steps.push(await planStep(step, index, scope, script, ctx, plan));
    if (typeof step.next === 'string' && !ids.has(step.next)) {
      plan.errors.push(
        `step ${index + 1}: next "${step.next}" names no step id (ids: ${[...ids].join(', ') || 'none'})`,
      );
    }
  }
  return plan;
}

function scopeFor(
  script: LoadedScript,
  ctx: PlanContext,
  current: number,
  total: number,
  input: unknown,
) {
  return buildScope({
    runtime: ctx.runtime,
    system: ctx.system,
    kernel: buildKernel(ctx.runtime, script.dir),
    file: script.file,
    uri: script.file,
    cwd: script.dir,
    appDir: ctx.root,
    apiDir: ctx.home.api,
    self: script.self,
    local: {},
    global: {},
    input,
    args: {},
    current,
    next: current + 1 < total ? current + 1 : null,
    env: ctx.env,
    port: FAKE_PORT,
  });
}

async function planStep(
  step: StepSpec,
  index: number,
  scope: Record<string, unknown>,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): Promise<StepPlan> {
  const issues: TemplateIssue[] = [];
  const out: StepPlan = { index, method: methodLabel(step) };
  if (typeof step.id === 'string') out.id = step.id;
  if (step.when !== undefined) {
    const whenIssues: TemplateIssue[] = [];
    const value = evaluateWhen(step.when, scope, whenIssues);
    out.when = whenIssues.some((i) => i.threw) ? 'unresolved' : value;
    issues.push(...whenIssues.filter((i) => i.threw));
  }
  if (step.params !== undefined) out.params = renderTemplate(step.params, scope, { issues });
  for (const link of hrefLinks(out.params, script.dir)) {
    if (existsSync(link.abs)) plan.targets.push(link.abs);
    else
      plan.warnings.push(
        `step ${index + 1}: params.${link.field} links to script ${link.file}, which does not exist (unless a step creates it)`,
      );
  }
  const deferred = new Set<string>();
  const undefinedNames = new Set<string>();
  for (const issue of issues) {
    const name = undefinedName(issue);
    if (issue.message === 'not a valid JavaScript expression') {
      plan.errors.push(
        `step ${index + 1}: template {{ ${issue.expression} }} is not a valid JavaScript expression`,
      );
    } else if (name !== null) {
      if (undefinedNames.has(issue.expression)) continue;
      undefinedNames.add(issue.expression);
      const field = fieldOf(step as unknown as Record<string, unknown>, issue.expression);
      plan.warnings.push(
        `step ${index + 1}${field ? ` ${field}` : ''}: template {{ ${issue.expression} }} uses "${name}", a name Hangar does not define`,
      );
    } else deferred.add(issue.expression);
  }
  if (deferred.size) out.deferred = [...deferred];
  checkMethod(step, index, script, ctx, plan);
  const descriptor =
    typeof step.method === 'string' && !step.uri && ctx.known.has(step.method)
      ? stepDescriptor(step.method)
      : undefined;
  if (descriptor && !descriptor.desktopOnly)
    checkStep(descriptor, step.method as string, out.params, index, script, ctx, plan);
  return out;
}

function methodLabel(step: StepSpec): string {
  if (typeof step.method === 'function') return '(inline function)';
  return step.uri ? `${step.uri}#${step.method}` : step.method;
}

function checkMethod(
  step: StepSpec,
  index: number,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): void {
  if (typeof step.method !== 'string') return;
  const method = step.method;
  if (step.uri) return checkCustomModule(step.uri, method, index, script, ctx, plan);
  if (Object.hasOwn(ctx.desktopOnly, method)) {
    plan.warnings.push(
      `step ${index + 1}: ${method} is not available in Hangar: ${ctx.desktopOnly[method]}`,
    );
  } else if (ctx.known.has(method)) {
    return;
  } else {
    plan.errors.push(
      unknownMethodError(relative(ctx, script.file), index, method, ctx.knownList).message,
    );
  }
}

function checkCustomModule(
  uri: string,
  method: string,
  index: number,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): void {
  const file = localTarget(uri, script, ctx);
  if (!file) {
    plan.notes.push(
      `step ${index + 1}: custom module ${uri} lives in another repository, cloned at run time`,
    );
    return;
  }
  if (!existsSync(file)) {
    plan.errors.push(`step ${index + 1}: custom module ${uri} not found (${relative(ctx, file)})`);
    return;
  }
  plan.modules.push(file);
  try {
    let mod = requireFresh(file) as Record<string, unknown> | Function;
    if (typeof mod === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(mod))) {
      mod = new (mod as new () => Record<string, unknown>)();
    }
    const fn =
      typeof mod === 'function' && method === 'default'
        ? mod
        : (mod as Record<string, unknown>)[method];
    if (typeof fn !== 'function')
      plan.errors.push(`step ${index + 1}: custom module ${uri} has no method "${method}"`);
  } catch (error) {
    plan.warnings.push(
      `step ${index + 1}: custom module ${uri} could not be loaded offline (${firstLine(errorMessage(error))}); a step may install its dependencies first`,
    );
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
