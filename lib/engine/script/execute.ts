// Executes the steps of one run: when/render/method/returns/notify/next, one step at a time.
import { APP_BIND_ADDRESS } from '../../shared/placement';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { mergedEnv } from '../steps/env-file';
import { setPath } from '../steps/dotted';
import { stepDescriptor } from '../steps/registry';
import type { StepContext, StepRequest } from '../steps/types';
import { withStepContext, type Kernel, type KernelRuntime } from './kernel';
import type { LoadedScript, StepSpec } from './loader';
import { buildStepContext, type RunHost, type StepControl } from './run-context';
import type { RunRecord } from './run-types';
import { buildScope } from './scope';
import { reloadSelf } from './self-reload';
import type { StepQueues } from './step-queue';
import { evaluateWhen, isDeferred, renderTemplate, type TemplateIssue } from './template';
import type { SystemSnapshot } from '../../shared/system';

export interface ExecuteDeps {
  host: RunHost;
  runtime: KernelRuntime;
  system: SystemSnapshot;
  kernel: Kernel;
  queues: StepQueues;
  onStep(run: RunRecord, index: number, total: number, step: StepSpec): void;
  /** Queues another action of the script (`on[].trigger`). */
  trigger(action: string, input: unknown): void;
}

/** The first expression that is not deferred (see isDeferred): it fails the step. */
function failingIssue(issues: TemplateIssue[]): TemplateIssue | undefined {
  return issues.find((i) => !isDeferred(i));
}

function render(
  value: unknown,
  scope: Record<string, unknown>,
  index: number,
  what: string,
): unknown {
  const issues: TemplateIssue[] = [];
  const out = renderTemplate(value, scope, { issues });
  const bad = failingIssue(issues);
  if (bad) {
    throw new EngineError(
      'template_error',
      `step ${index + 1}: the template {{ ${bad.expression} }} in ${what} failed: ${bad.message}`,
      {
        details: { step: index, expression: bad.expression },
      },
    );
  }
  return out;
}

function methodName(step: StepSpec): string {
  return typeof step.method === 'function' ? '(inline function)' : step.method;
}

async function callCustom(
  step: StepSpec,
  params: unknown,
  ctx: StepContext,
  req: StepRequest,
  unbound: Kernel,
): Promise<unknown> {
  const kernel = withStepContext(unbound, ctx);
  const ondata = (packet: { raw?: string } | string) =>
    ctx.log(typeof packet === 'string' ? packet : (packet?.raw ?? ''));
  // Pinokio's request: `parent` is the calling script (modules use `req.parent.path` as a shell group).
  const parent = { path: ctx.scriptFile, uri: ctx.scriptFile, cwd: ctx.cwd, args: req.args };
  const legacyReq = { ...req, params, cwd: ctx.cwd, dirname: ctx.dirname, parent };
  if (typeof step.method === 'function') return step.method(legacyReq, ondata, kernel);
  const name = step.method;
  if (typeof step.uri === 'string') {
    const file = ctx.resolvePath(step.uri, { param: 'uri' });
    const req2 = createRequire(file);
    delete req2.cache[req2.resolve(file)];
    let mod = req2(file) as Record<string, unknown> | Function;
    if (typeof mod === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(mod)))
      mod = new (mod as new () => Record<string, unknown>)();
    const fn = (mod as Record<string, unknown>)[name];
    if (typeof fn !== 'function')
      throw new EngineError('unknown_method', `${file} has no method "${name}"`, {
        details: { file, method: name },
      });
    // Pinokio's `dirname` for a module step is the module's folder.
    return (fn as Function).call(
      mod,
      { ...legacyReq, dirname: path.dirname(file) },
      ondata,
      kernel,
    );
  }
  if (name.startsWith('kernel.')) {
    const parts = name.split('.').slice(1);
    let owner: unknown = kernel;
    for (const part of parts.slice(0, -1))
      owner = (owner as Record<string, unknown> | undefined)?.[part];
    const fn = (owner as Record<string, unknown> | undefined)?.[parts[parts.length - 1]];
    if (typeof fn !== 'function')
      throw new EngineError('not_available', `${name} is not available in Hangar's kernel object`, {
        details: { method: name },
      });
    return (fn as Function).call(owner, params, ondata);
  }
  const descriptor = stepDescriptor(name);
  if (!descriptor)
    throw new EngineError('unknown_method', `unknown method "${name}"`, {
      details: { method: name },
    });
  return descriptor.run(params, ctx, req);
}

function nextIndex(
  steps: StepSpec[],
  current: number,
  target: number | string | null | undefined,
  hasTarget: boolean,
): number | null {
  if (!hasTarget) return current + 1 < steps.length ? current + 1 : null;
  if (target === null || target === undefined) return null;
  if (typeof target === 'number') return target >= 0 && target < steps.length ? target : null;
  if (/^\d+$/.test(target)) return nextIndex(steps, current, Number(target), true);
  const found = steps.findIndex((s) => s.id === target);
  if (found < 0)
    throw new EngineError('script_error', `step ${current + 1}: no step has the id "${target}"`, {
      details: { step: current, id: target },
    });
  return found;
}

function applyReturns(
  run: RunRecord,
  globals: Record<string, unknown>,
  returns: unknown,
  result: unknown,
  scope: Record<string, unknown>,
  index: number,
): void {
  const store = (key: string, value: unknown) => {
    const [bag, ...rest] = key.split('.');
    if ((bag !== 'local' && bag !== 'global') || rest.length === 0) {
      throw new EngineError(
        'script_error',
        `step ${index + 1}: returns key "${key}" must start with local. or global.`,
        { details: { step: index } },
      );
    }
    setPath(bag === 'local' ? run.local : globals, rest.join('.'), value);
  };
  if (typeof returns === 'string') return store(returns, result);
  if (returns && typeof returns === 'object') {
    for (const [key, tpl] of Object.entries(returns))
      store(key, render(tpl, { ...scope, input: result }, index, 'returns'));
  }
}

/**
 * Runs every step; resolves with the `script.return` value or the last result, throws on the first failure.
 * `args` (and step 0's input) are the run's params, or a triggered action's `{event, trigger}`.
 */
export async function executeSteps(
  run: RunRecord,
  loaded: LoadedScript,
  steps: StepSpec[],
  deps: ExecuteDeps,
  args: unknown = run.params,
): Promise<unknown> {
  const { host } = deps;
  let input: unknown = args;
  let index: number | null = steps.length ? 0 : null;
  while (index !== null) {
    if (run.controller.signal.aborted) throw new EngineError('cancelled', 'the run was stopped');
    const step = steps[index];
    const hasNext = Object.hasOwn(step, 'next');
    const planned =
      hasNext && typeof step.next === 'number'
        ? step.next
        : index + 1 < steps.length
          ? index + 1
          : null;
    const needsPort = JSON.stringify(step)?.includes('port') ?? false;
    await reloadSelf(loaded, index);
    const scope = buildScope({
      runtime: deps.runtime,
      system: deps.system,
      kernel: deps.kernel,
      file: run.file,
      uri: run.uri,
      cwd: run.cwd,
      appDir: run.info.appDir,
      apiDir: host.home.api,
      self: loaded.self,
      local: run.local,
      global: host.globals,
      input,
      args,
      current: index,
      next: planned,
      env: await mergedEnv(host.home.root, run.info.appDir),
      // One reserved port for the whole run: a start script that names {{port}} twice binds what it records.
      port: needsPort ? (run.port ??= await deps.runtime.port()) : undefined,
      host: APP_BIND_ADDRESS,
    });
    const whenIssues: TemplateIssue[] = [];
    if (!evaluateWhen(step.when, scope, whenIssues)) {
      index = index + 1 < steps.length ? index + 1 : null;
      continue;
    }
    for (const issue of whenIssues.filter((i) => i.threw))
      host.log(
        run,
        `step ${index + 1}: when {{ ${issue.expression} }} failed (${issue.message}); the step runs, as on Pinokio\n`,
        'info',
      );
    deps.onStep(run, index, steps.length, step);
    const control: StepControl = {};
    let result: unknown;
    try {
      const params = render(step.params, scope, index, 'params');
      const ctx = buildStepContext(host, run, loaded, control, (action, input) =>
        deps.trigger(action, input),
      );
      const req: StepRequest = {
        params,
        method: methodName(step),
        current: index,
        total: steps.length,
        next: planned,
        input,
        args,
        step,
      };
      const call = () => callCustom(step, params, ctx, req, deps.kernel);
      result =
        step.queue === true
          ? await deps.queues.run(
              typeof step.uri === 'string'
                ? `${path.resolve(run.cwd, step.uri)}/${methodName(step)}`
                : methodName(step),
              call,
            )
          : await call();
      if (step.returns !== undefined)
        applyReturns(run, host.globals, step.returns, result, scope, index);
      if (step.notify === true)
        host.bus.emit('run:notify', { runId: run.info.runId, html: `Step ${index + 1} finished` });
      else if (step.notify && typeof step.notify === 'object') {
        const n = render(step.notify, { ...scope, input: result }, index, 'notify') as Record<
          string,
          unknown
        >;
        host.bus.emit('run:notify', {
          runId: run.info.runId,
          html: typeof n.html === 'string' ? n.html : undefined,
          href: typeof n.href === 'string' ? n.href : undefined,
          type: typeof n.type === 'string' ? n.type : undefined,
        });
      }
    } catch (error) {
      if (run.controller.signal.aborted)
        throw new EngineError('cancelled', 'the run was stopped', { cause: error });
      const code = isEngineError(error) ? error.code : 'step_failed';
      const message =
        isEngineError(error) && error.code === 'template_error'
          ? error.message
          : `step ${index + 1} (${methodName(step)}) failed: ${errorMessage(error)}`;
      throw new EngineError(code, message, {
        details: { ...(isEngineError(error) ? error.details : {}), step: index },
        cause: error,
      });
    }
    input = result;
    if (control.next) index = nextIndex(steps, index, control.next.target, true);
    else if (hasNext)
      index = nextIndex(
        steps,
        index,
        render(step.next, scope, index, 'next') as number | string | null,
        true,
      );
    else index = nextIndex(steps, index, undefined, false);
  }
  return run.returnValue ? run.returnValue.value : input;
}
