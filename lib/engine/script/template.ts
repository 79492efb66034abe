// `{{ expr }}` templates rendered by jimini@0.0.8 itself, the library Pinokio renders with, so output is Pinokio's.
import Template from 'jimini';

export interface TemplateIssue {
  /** The expression text between the braces, trimmed. */
  expression: string;
  /** Why it did not resolve: the thrown message, "not a valid JavaScript expression" or "evaluated to undefined". */
  message: string;
  /** True when evaluating the expression threw (as opposed to yielding undefined). */
  threw: boolean;
}

export interface RenderOptions {
  /** `when` mode (jimini's `allow_undefined`): a whole-string expression that is undefined yields undefined. */
  allowUndefined?: boolean;
  /**
   * Collects the expressions that stayed unresolved after the last pass (one entry per expression).
   * The runner turns entries with `threw: true` into EngineError('template_error') naming expression and step.
   */
  issues?: TemplateIssue[];
}

const NOT_AN_EXPRESSION = 'not a valid JavaScript expression';

/**
 * jimini, observed: every expression it evaluates is recorded as an issue when it does not resolve. jimini
 * reports a throw only by `console.log("ERROR", e)`; while it renders, that line (and its "template render
 * log" lines) are taken as data instead of being printed, so launcher output stays clean.
 */
class ObservedJimini extends Template {
  issues: TemplateIssue[] | null = null;
  private thrown: unknown[] = [];

  constructor() {
    super();
    this.vals = {};
    this.keys = [];
  }

  override raw_get(
    expression: string,
    vars: Record<string, unknown>,
    options?: { allow_undefined?: boolean },
  ): unknown {
    this.thrown = [];
    let value: unknown;
    try {
      value = super.raw_get(expression, vars, options);
    } catch (error) {
      this.issues?.push({ expression: expression.trim(), message: NOT_AN_EXPRESSION, threw: true });
      throw error;
    }
    const [error] = this.thrown;
    if (this.thrown.length > 0) {
      const message = error instanceof Error ? error.message : String(error);
      this.issues?.push({ expression: expression.trim(), message, threw: true });
    } else if (options?.allow_undefined ? value === undefined : value === `{{${expression}}}`) {
      this.issues?.push({
        expression: expression.trim(),
        message: 'evaluated to undefined',
        threw: false,
      });
    }
    return value;
  }

  /** Runs one jimini call with its diagnostic console lines captured. */
  observe<T>(issues: TemplateIssue[] | null, fn: () => T): T {
    const log = console.log;
    const previous = this.issues;
    this.issues = issues;
    console.log = (...args: unknown[]) => {
      if (args[0] === 'ERROR') this.thrown.push(args[1]);
      else if (typeof args[0] === 'string' && args[0].startsWith('template render log')) return;
      else log.apply(console, args);
    };
    try {
      return fn();
    } finally {
      console.log = log;
      this.issues = previous;
    }
  }
}

const engine = new ObservedJimini();

/**
 * True when jimini would render the value again: a `{{ … }}` inside a string of it. Checked as Pinokio
 * checks a step (the value inside an object), so a bare string counts too.
 */
export function hasTemplate(value: unknown): boolean {
  return engine.istemplate({ value });
}

/**
 * One jimini pass. Where jimini itself throws (an expression that does not compile, in a string that is one
 * whole `{{ }}`), the value is returned unrendered, as Pinokio's step rendering leaves the step it was given.
 */
export function renderOnce(
  value: unknown,
  scope: Record<string, unknown>,
  options: RenderOptions = {},
): unknown {
  return engine.observe(options.issues ?? null, () => {
    try {
      return engine.render(value, scope, options.allowUndefined ? { allow_undefined: true } : {});
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return value;
    }
  });
}

/**
 * Renders as Pinokio renders a step: up to `passes` (default 4) while `{{ }}` remain, then flattens
 * `{{{ x }}}` to `{{ x }}`. Expressions that stay unresolved (a name known only later, such as `{{event}}` for
 * an `on` handler) stay as their text; the issues of the last pass say which and why.
 */
export function renderTemplate(
  value: unknown,
  scope: Record<string, unknown>,
  options: RenderOptions & { passes?: number } = {},
): unknown {
  const passes = options.passes ?? 4;
  let current = value;
  let issues: TemplateIssue[] = [];
  for (let pass = 0; pass < passes; pass++) {
    issues = [];
    current = renderOnce(current, scope, { allowUndefined: options.allowUndefined, issues });
    if (!hasTemplate(current)) break;
  }
  if (options.issues) options.issues.push(...issues);
  return flatten(current);
}

/**
 * A step's `when`, as Pinokio decides it: absent means run; otherwise the step runs when the value, rendered
 * with the step and then once more in `allow_undefined` mode, is truthy. An expression that throws stays as its
 * `{{ }}` text, which is truthy: Pinokio runs that step, and so does Hangar (the issue is reported).
 */
export function evaluateWhen(
  when: unknown,
  scope: Record<string, unknown>,
  issues?: TemplateIssue[],
): boolean {
  if (when === undefined) return true;
  if (!when) return false;
  const rendered = renderTemplate(when, scope);
  return Boolean(renderOnce(rendered, scope, { allowUndefined: true, issues }));
}

/**
 * Hangar's one departure from Pinokio when a step runs: jimini leaves an expression that throws as its `{{ }}`
 * text and Pinokio runs the step with that text. Hangar runs it so only when the expression is deferred: it
 * evaluated to undefined, or it names something not in scope yet (`{{event…}}`, known when an `on` handler
 * fires). Any other throw fails the step with a template_error naming the expression.
 */
export function isDeferred(issue: TemplateIssue): boolean {
  return !issue.threw || issue.message.endsWith(' is not defined');
}

/** Turns every escaped `{{{ x }}}` into `{{ x }}` (jimini's flatten, applied once after the last pass). */
export function flatten(value: unknown): unknown {
  return engine.flatten(value);
}
