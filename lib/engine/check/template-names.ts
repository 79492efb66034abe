// Which unresolved template expressions `hangar check` reports: a name nobody defines, as against one that
// only exists at run time (the step scope is lib/engine/script/scope.ts; `event` is set for `on` handlers).
import type { TemplateIssue } from '../script/template';

/** Names a step's templates see only at run time, beyond the scope the checker builds. */
export const RUN_TIME_NAMES: ReadonlySet<string> = new Set(['event']);

const NOT_DEFINED = /^([A-Za-z_$][\w$]*) is not defined$/;

/** The name an expression threw on because no scope or global defines it, or null (e.g. deferred to run time). */
export function undefinedName(issue: TemplateIssue): string | null {
  if (!issue.threw) return null;
  const name = NOT_DEFINED.exec(issue.message)?.[1];
  return name && !RUN_TIME_NAMES.has(name) ? name : null;
}

/**
 * Where in a step a template expression is written, as a path (`params.message[1]`, `when`); the first match.
 * Null when the expression only appeared after an earlier render pass.
 */
export function fieldOf(step: Record<string, unknown>, expression: string): string | null {
  for (const key of ['when', 'params']) {
    const found = find(step[key], expression, key);
    if (found) return found;
  }
  return null;
}

function find(value: unknown, expression: string, at: string): string | null {
  if (typeof value === 'string')
    return value.includes('{{') && value.includes(expression) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], expression, `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = find(
        child,
        expression,
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`,
      );
      if (found) return found;
    }
  }
  return null;
}
