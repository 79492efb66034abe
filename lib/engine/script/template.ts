// Pinokio-compatible `{{ expr }}` templates (jimini semantics): typed whole-string values, passes, `{{{ }}}` escapes.

export interface TemplateIssue {
  /** The expression text between the braces, trimmed. */
  expression: string;
  /** Why it did not resolve: the thrown message, or "evaluated to undefined". */
  message: string;
  /** True when evaluating the expression threw (as opposed to yielding undefined). */
  threw: boolean;
}

export interface RenderOptions {
  /** `when` mode: an expression that is undefined (or throws) yields undefined instead of staying as text. */
  allowUndefined?: boolean;
  /**
   * Collects the expressions that stayed unresolved after the last pass (one entry per expression).
   * The runner turns entries with `threw: true` into EngineError('template_error') naming expression and step.
   */
  issues?: TemplateIssue[];
}

const FUNCTION_CACHE = new Map<string, Function | null>();
const TOKEN_CACHE = new Map<string, readonly Piece[]>();
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const UNRESOLVED = Symbol('unresolved');

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'escaped'; text: string }
  | { kind: 'expr'; raw: string; expr: string };

/** True when the string holds an active (non-escaped) `{{ }}` expression. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return tokenize(value).some((p) => p.kind === 'expr');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (isPlainObject(value))
    return Object.entries(value).some(([k, v]) => hasTemplate(k) || hasTemplate(v));
  return false;
}

/** One jimini pass over a value: strings, arrays and plain objects are rendered recursively. */
export function renderOnce(
  value: unknown,
  scope: Record<string, unknown>,
  options: RenderOptions = {},
): unknown {
  if (typeof value === 'string') return renderString(value, scope, options);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const rendered = renderOnce(item, scope, options);
      if (rendered !== undefined) out.push(rendered);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const renderedKey = hasTemplate(key) ? renderString(key, scope, options) : key;
      if (renderedKey === null || renderedKey === false || renderedKey === undefined) continue;
      out[String(renderedKey)] = renderOnce(item, scope, options);
    }
    return out;
  }
  return value;
}

/** Renders up to `passes` (default 4) times while active `{{ }}` remain, then flattens `{{{ x }}}` to `{{ x }}`. */
export function renderTemplate(
  value: unknown,
  scope: Record<string, unknown>,
  options: RenderOptions & { passes?: number } = {},
): unknown {
  const passes = options.passes ?? 4;
  let current = value;
  let issues: TemplateIssue[] = [];
  for (let i = 0; i < passes; i++) {
    issues = [];
    const next = renderOnce(current, scope, { allowUndefined: options.allowUndefined, issues });
    const settled = !hasTemplate(next) || sameJson(next, current);
    current = next;
    if (settled) break;
  }
  if (options.issues) options.issues.push(...issues);
  return flatten(current);
}

/** Evaluates a step's `when`: absent means run; undefined, a throw or an unresolved template mean skip. */
export function evaluateWhen(
  when: unknown,
  scope: Record<string, unknown>,
  issues?: TemplateIssue[],
): boolean {
  if (when === undefined) return true;
  const rendered = renderTemplate(when, scope, { allowUndefined: true, issues });
  if (typeof rendered === 'string' && hasTemplate(rendered)) return false;
  return Boolean(rendered);
}

/** Turns every escaped `{{{ x }}}` into `{{ x }}` (applied once, after the last pass). */
export function flatten(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{{')) return value;
    return tokenize(value)
      .map((p) => (p.kind === 'escaped' ? `{{${p.text}}}` : p.kind === 'expr' ? p.raw : p.text))
      .join('');
  }
  if (Array.isArray(value)) return value.map(flatten);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[flatten(k) as string] = flatten(v);
    return out;
  }
  return value;
}

function renderString(
  text: string,
  scope: Record<string, unknown>,
  options: RenderOptions,
): unknown {
  if (!text.includes('{{')) return text;
  const pieces = tokenize(text);
  const exprs = pieces.filter((p) => p.kind === 'expr');
  if (exprs.length === 0) return text;
  if (pieces.length === 1 && pieces[0]!.kind === 'expr') {
    const piece = pieces[0]!;
    const value = evaluate(piece.expr, scope, options);
    if (value === UNRESOLVED) return options.allowUndefined ? undefined : text;
    return value;
  }
  let out = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') out += piece.text;
    else if (piece.kind === 'escaped') out += `{{{${piece.text}}}}`;
    else {
      const value = evaluate(piece.expr, scope, options);
      out += value === UNRESOLVED ? (options.allowUndefined ? '' : piece.raw) : stringify(value);
    }
  }
  return out;
}

function evaluate(expr: string, scope: Record<string, unknown>, options: RenderOptions): unknown {
  const names = Object.keys(scope).filter((n) => IDENTIFIER.test(n));
  const fn = compile(expr, names);
  if (!fn) {
    options.issues?.push({
      expression: expr,
      message: 'not a valid JavaScript expression',
      threw: true,
    });
    return UNRESOLVED;
  }
  try {
    const value = fn(...names.map((n) => scope[n]));
    if (value === undefined) {
      options.issues?.push({ expression: expr, message: 'evaluated to undefined', threw: false });
      return UNRESOLVED;
    }
    return value;
  } catch (error) {
    options.issues?.push({
      expression: expr,
      message: error instanceof Error ? error.message : String(error),
      threw: true,
    });
    return UNRESOLVED;
  }
}

function compile(expr: string, names: string[]): Function | null {
  const key = `${names.join(',')}\u0000${expr}`;
  if (FUNCTION_CACHE.has(key)) return FUNCTION_CACHE.get(key)!;
  let fn: Function | null;
  try {
    fn = new Function(...names, `return (${expr}\n);`);
  } catch {
    // Not an expression (syntax error): reported by the caller as an unresolved issue.
    fn = null;
  }
  if (FUNCTION_CACHE.size > 5000) FUNCTION_CACHE.clear();
  FUNCTION_CACHE.set(key, fn);
  return fn;
}

/**
 * Splits a string into text, escaped `{{{ }}}` and `{{ }}` pieces. The closing `}}` of an expression is the
 * first one after which the enclosed text compiles, so object literals and nested braces work.
 */
function tokenize(text: string): readonly Piece[] {
  const cached = TOKEN_CACHE.get(text);
  if (cached) return cached;
  const pieces = scan(text);
  if (TOKEN_CACHE.size > 5000) TOKEN_CACHE.clear();
  TOKEN_CACHE.set(text, pieces);
  return pieces;
}

function scan(text: string): Piece[] {
  const pieces: Piece[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open < 0) break;
    if (open > pos) pieces.push({ kind: 'text', text: text.slice(pos, open) });
    if (text.startsWith('{{{', open)) {
      const close = text.indexOf('}}}', open + 3);
      if (close < 0) {
        pieces.push({ kind: 'text', text: text.slice(open) });
        pos = text.length;
        break;
      }
      pieces.push({ kind: 'escaped', text: text.slice(open + 3, close) });
      pos = close + 3;
      continue;
    }
    const close = findClose(text, open + 2);
    if (close < 0) {
      pieces.push({ kind: 'text', text: text.slice(open) });
      pos = text.length;
      break;
    }
    const raw = text.slice(open, close + 2);
    const expr = text.slice(open + 2, close).trim();
    pieces.push(expr ? { kind: 'expr', raw, expr } : { kind: 'text', text: raw });
    pos = close + 2;
  }
  if (pos < text.length) pieces.push({ kind: 'text', text: text.slice(pos) });
  return mergeText(pieces);
}

function findClose(text: string, from: number): number {
  const first = text.indexOf('}}', from);
  if (first < 0) return -1;
  let candidate = first;
  while (candidate >= 0) {
    const body = text.slice(from, candidate).trim();
    if (body && compiles(body)) return candidate;
    candidate = text.indexOf('}}', candidate + 1);
  }
  return first;
}

function compiles(expr: string): boolean {
  try {
    new Function(`return (${expr}\n);`);
    return true;
  } catch {
    // A syntax error means this `}}` is inside the expression; keep looking for a later one.
    return false;
  }
}

function mergeText(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text') last.text += piece.text;
    else out.push(piece);
  }
  return out;
}

function stringify(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && (Array.isArray(value) || isPlainObject(value))) {
    try {
      return JSON.stringify(value);
    } catch {
      // Circular structure: fall back to the default string form.
      return String(value);
    }
  }
  return String(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    // Unserialisable values (cycles): treat as changed so the pass loop continues up to its limit.
    return false;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
