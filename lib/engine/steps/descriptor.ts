// A step method's descriptor: its params schema, which params are paths, desktop-only reason, what `hangar check` verifies.
import { z } from 'zod';
import { EngineError } from '../errors';
import type { StepContext, StepRequest } from './types';

/** Roots a path param may resolve into besides the app folder. */
export interface PathParam {
  /** Param key holding the path. */
  key: string;
  /** Also allowed inside `<home>/drive` and `<home>/cache`. */
  wide: boolean;
  /** The path is relative to the folder another param names (`venv` inside `path`), else to the script's. */
  relativeTo?: string;
}

/** What `hangar check` verifies for a step beyond its params schema. */
export type StepCheck =
  /** Path params resolve inside the app (or drive/cache) folder, symlinks followed. */
  | 'paths'
  /** `uri` names a script that exists (or lives in a repository cloned at run time). */
  | 'targets'
  /** Each `on[].trigger` names a top-level action of the same script. */
  | 'triggers';

export interface StepDescriptor {
  /** One line for the README's method list. */
  summary: string;
  /** The rendered params a script may pass; unknown extra fields pass through. */
  params: z.ZodType;
  /** Params that are paths, contained in the app folder (or drive/cache when wide). */
  paths: readonly PathParam[];
  /** Why Hangar cannot run it, for methods that need the server's desktop. */
  desktopOnly?: string;
  /** What `hangar check` verifies beyond the params schema. */
  checks: readonly StepCheck[];
  /** Parses the rendered params with the schema, then runs the method. */
  run(params: unknown, ctx: StepContext, request: StepRequest): Promise<unknown>;
}

export interface StepSpec<S extends z.ZodType> {
  summary: string;
  params: S;
  paths?: readonly PathParam[];
  checks?: readonly StepCheck[];
  run(params: z.output<S>, ctx: StepContext, request: StepRequest): Promise<unknown>;
}

/** A path param allowed inside the app folder, the drive or the cache. */
export const widePath = (key: string, relativeTo?: string): PathParam =>
  relativeTo === undefined ? { key, wide: true } : { key, wide: true, relativeTo };

/** The resolvePath options a declared path param gets. */
export function pathOptions(param: PathParam): {
  param: string;
  allowDrive: boolean;
  allowCache: boolean;
} {
  return { param: param.key, allowDrive: param.wide, allowCache: param.wide };
}

export function defineStep<S extends z.ZodType>(spec: StepSpec<S>): StepDescriptor {
  const paths = spec.paths ?? [];
  const checks = spec.checks ?? (paths.length > 0 ? ['paths'] : []);
  return {
    summary: spec.summary,
    params: spec.params,
    paths,
    checks,
    run: (params, ctx, request) =>
      spec.run(parseStepParams(spec.params, params, request.method), ctx, request),
  };
}

/** A method the server cannot run; it fails with the reason, and `hangar check` warns. */
export function desktopStep(summary: string, reason: string): StepDescriptor {
  return {
    summary,
    params: ANY,
    paths: [],
    desktopOnly: reason,
    checks: [],
    run: async (_params, _ctx, request) => {
      throw new EngineError(
        'not_available',
        `${request.method} is not available in Hangar: ${reason}`,
        { details: { method: request.method } },
      );
    },
  };
}

const ANY: z.ZodType = z.unknown();

/** One wrong param: its dotted field path and what is wrong with it. */
export interface ParamIssue {
  field: string;
  message: string;
}

/** The schema's problems with params, naming each field; empty when valid. */
export function paramIssues(schema: z.ZodType, params: unknown): ParamIssue[] {
  const parsed = schema.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const { path, message } = deepest(issue, []);
    return { field: path.length ? path.map(String).join('.') : '(params)', message };
  });
}

/**
 * A union that failed says which field was wrong through the branch that got furthest into the value:
 * `{uri: 7}` against `"uri" | {uri}` is reported at `uri`, not as the whole params.
 */
function deepest(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const inner = issue.errors
      .map((branch) => branch[0])
      .filter((i): i is z.core.$ZodIssue => i !== undefined && i.path.length > 0)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (inner) return deepest(inner, path);
  }
  return { path, message: issue.message };
}

/** The value at a param field path (`on.0.event`), for deciding whether an issue is a deferred template. */
export function valueAt(params: unknown, field: string): unknown {
  if (field === '(params)') return params;
  let node = params;
  for (const part of field.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** `fs.write param "path": expected a path`, or `local.set params: …` for the params as a whole. */
export function describeIssue(method: string, issue: ParamIssue): string {
  return issue.field === '(params)'
    ? `${method} params: ${issue.message}`
    : `${method} param "${issue.field}": ${issue.message}`;
}

/** Parses params, or throws `invalid_params` naming the method and the field. */
export function parseStepParams<S extends z.ZodType>(
  schema: S,
  params: unknown,
  method: string,
): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = paramIssues(schema, params);
  const first = issues[0]!;
  throw new EngineError('invalid_params', describeIssue(method, first), {
    details: { method, field: first.field, issues },
  });
}
