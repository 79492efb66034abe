// What `hangar check` verifies for one step, as its descriptor says: params schema, paths, script targets, triggers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, isEngineError } from '../errors';
import { unknownActionReason, type LoadedScript } from '../script/loader';
import { parseGitUri, repoName } from '../script/resolve-uri';
import { resolveInside } from '../script/safe-path';
import {
  describeIssue,
  paramIssues,
  valueAt,
  type PathParam,
  type StepDescriptor,
} from '../steps/descriptor';
import type { PlanContext, ScriptPlan } from './script-check';

/** What the method's descriptor says `hangar check` verifies: its params schema, then paths, targets, triggers. */
export function checkStep(
  descriptor: StepDescriptor,
  name: string,
  params: unknown,
  index: number,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): void {
  for (const issue of paramIssues(descriptor.params, params)) {
    // A field still holding `{{ … }}` is only known at run time; the runner checks it then.
    const value = valueAt(params, issue.field);
    if (typeof value === 'string' && value.includes('{{')) continue;
    plan.errors.push(`step ${index + 1}: ${describeIssue(name, issue)}`);
  }
  if (!params || typeof params !== 'object' || Array.isArray(params)) return;
  const p = params as Record<string, unknown>;
  if (descriptor.checks.includes('paths'))
    checkPaths(p, descriptor.paths, index, script, ctx, plan);
  if (descriptor.checks.includes('targets')) checkTargets(p, index, script, ctx, plan);
  if (descriptor.checks.includes('triggers')) checkTriggers(p, index, script, plan);
}

function checkPaths(
  params: Record<string, unknown>,
  paths: readonly PathParam[],
  index: number,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): void {
  for (const { key, wide, relativeTo } of paths) {
    const value = params[key];
    if (!isPlainPath(value)) continue;
    const base = relativeTo === undefined ? undefined : params[relativeTo];
    if (base !== undefined && base !== '' && !isPlainPath(base)) continue;
    try {
      resolveInside(value, {
        base: typeof base === 'string' && base !== '' ? path.resolve(script.dir, base) : script.dir,
        allowed: wide ? [ctx.root, ctx.home.drive, ctx.home.cache] : [ctx.root],
        home: ctx.home.root,
        param: key,
      });
    } catch (error) {
      plan.errors.push(
        `step ${index + 1}: ${isEngineError(error) ? error.message : errorMessage(error)}`,
      );
    }
  }
}

/** A path known offline: a string that is no template, git URI or home path (those resolve at run time). */
function isPlainPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    !value.includes('{{') &&
    !parseGitUri(value) &&
    !value.startsWith('~')
  );
}

function checkTargets(
  params: Record<string, unknown>,
  index: number,
  script: LoadedScript,
  ctx: PlanContext,
  plan: ScriptPlan,
): void {
  const uris = Array.isArray(params.uri) ? params.uri : [params.uri];
  for (const uri of uris) {
    if (typeof uri !== 'string' || uri.includes('{{')) continue;
    const file = localTarget(uri, script, ctx);
    if (!file) {
      plan.notes.push(`step ${index + 1}: ${uri} lives in another repository, cloned at run time`);
      continue;
    }
    if (existsSync(file)) plan.targets.push(file);
    else plan.errors.push(`step ${index + 1}: script ${uri} not found (${relative(ctx, file)})`);
  }
}

/** Each `on[].trigger` must name another top-level array of steps of the same script. */
function checkTriggers(
  params: Record<string, unknown>,
  index: number,
  script: LoadedScript,
  plan: ScriptPlan,
): void {
  const handlers = Array.isArray(params.on) ? params.on : [];
  handlers.forEach((handler: unknown, at) => {
    const trigger = (handler as { trigger?: unknown } | null)?.trigger;
    if (typeof trigger !== 'string' || trigger.includes('{{')) return;
    const unknown = unknownActionReason(script.self, trigger);
    if (unknown !== null)
      plan.errors.push(`step ${index + 1}: on[${at}].trigger "${trigger}" ${unknown}`);
  });
}

/** Local file a URI points to; a git URI of this launcher's own repository maps into the launcher. Null: elsewhere. */
export function localTarget(uri: string, script: LoadedScript, ctx: PlanContext): string | null {
  const git = parseGitUri(uri);
  if (git)
    return repoName(git.repo) === path.basename(ctx.root) ? path.resolve(ctx.root, git.sub) : null;
  if (uri.startsWith('~/')) return path.resolve(ctx.home.root, uri.slice(2));
  return path.resolve(script.dir, uri);
}

export function relative(ctx: Pick<PlanContext, 'root'>, file: string): string {
  return path.relative(ctx.root, file).split(path.sep).join('/');
}
