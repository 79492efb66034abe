// One script's entry in a `hangar check` report, from what loading and planning it gave.
import { errorMessage, isEngineError } from '../errors';
import { notRunnableReason } from '../script/loader';
import { describeMissing, missingKernelMembersOf } from './kernel-members';
import type { PlanContext, ScriptPlan } from './script-check';
import { relative } from './step-checks';
import type { ScriptReport } from './types';

export type Loaded = { abs: string; raw?: unknown; error?: unknown };

export function scriptReport(
  item: Loaded,
  plan: ScriptPlan | Error | undefined,
  referenced: ReadonlySet<string>,
  ctx: PlanContext,
  kernel: object,
): ScriptReport {
  const out: ScriptReport = {
    file: relative(ctx, item.abs),
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
  if (/\.(c|m)?js$/.test(item.abs))
    out.warnings.push(...missingKernelMembersOf(item.abs, kernel).map(describeMissing));
  out.ok = out.errors.length === 0;
  return out;
}
