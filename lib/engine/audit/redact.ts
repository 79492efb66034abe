// The one redaction of secrets, before anything is written to a log, the audit log or a diagnostics bundle.

export const REDACTED = '[redacted]';

/** Keys whose values are secret wherever they appear (password, token, cookie, session, …). */
const SECRET_KEY =
  /pass(word|wd)?|token|secret|authorization|auth(?!or)|cookie|session|api[-_]?key|access[-_]?key|private[-_]?key|credential/i;

/** Token shapes that are secrets wherever they appear. */
const SECRET_SHAPES: RegExp[] = [
  /\bhf_[A-Za-z0-9]{10,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bglpat-[A-Za-z0-9_-]{16,}/g,
];

/** `key=value`, `key: value`, `"key": "value"` where the key names a secret. */
const SECRET_ASSIGNMENT =
  /((?:[A-Za-z_][\w.-]*)?(?:token|password|passwd|secret|api[_-]?key|access[_-]?key|auth(?!or)|session|cookie)[\w.-]*["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
const SECRET_FLAG =
  /(--?(?:[\w-]*-)?(?:password|passwd|token|secret|api-?key|access-?key)[= ]+)([^\s"']+)/gi;
const AUTH_HEADER = /((?:Proxy-)?Authorization:\s*)[^\r\n]+/gi;
const COOKIE_HEADER = /((?:Set-)?Cookie:\s*)[^\r\n]+/gi;
const BEARER = /(\b(?:Bearer|Basic|token)\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+(?::[^/\s@]*)?)@/gi;

/** Literal secrets shorter than this are not searched for (they would match ordinary words). */
const MIN_LITERAL = 6;

/** True for keys whose values are secret wherever they appear. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const keepRedacted = (prefix: string, value: string): string =>
  value === REDACTED ? `${prefix}${value}` : `${prefix}${REDACTED}`;

/** Redacts every literal in `literals`, token shapes, secret assignments and flags, auth headers and URL credentials. */
export function redactText(text: string, literals: Iterable<string> = []): string {
  let out = text;
  const sorted = [...new Set(literals)]
    .filter((l) => l.length >= MIN_LITERAL)
    .sort((a, b) => b.length - a.length);
  for (const literal of sorted) out = out.split(literal).join(REDACTED);
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(AUTH_HEADER, (_m, header: string) => `${header}${REDACTED}`);
  out = out.replace(COOKIE_HEADER, (_m, header: string) => `${header}${REDACTED}`);
  out = out.replace(BEARER, (_m, scheme: string) => `${scheme}${REDACTED}`);
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, value: string) =>
    keepRedacted(key, value),
  );
  out = out.replace(SECRET_FLAG, (_m, flag: string, value: string) => keepRedacted(flag, value));
  out = out.replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}${REDACTED}@`);
  return out;
}

/**
 * A deep copy of a JSON-like value: values under secret keys replaced (the strings among them collected in
 * `found`, to redact wherever else they appear), and secrets in strings redacted.
 */
export function redactValue(
  value: unknown,
  literals: readonly string[] = [],
  found: string[] = [],
  depth = 0,
): unknown {
  if (typeof value === 'string') return redactText(value, literals);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value))
    return value.map((item) => redactValue(item, literals, found, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(key) && item !== undefined && item !== null && typeof item !== 'boolean') {
      if (typeof item === 'string' || typeof item === 'number') found.push(String(item));
      out[key] = REDACTED;
    } else out[key] = redactValue(item, literals, found, depth + 1);
  }
  return out;
}

/** ENVIRONMENT (dotenv) text with every value replaced; keys and comments stay so the layout can be read. */
export function redactEnvironment(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=)(.*)$/.exec(line);
      if (!match || line.trimStart().startsWith('#')) return line;
      return match[2]!.trim() === '' ? line : `${match[1]}${REDACTED}`;
    })
    .join('\n');
}

/** The values of an ENVIRONMENT file, to redact wherever they appear in logs. */
export function environmentValues(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const value = match[1]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (
      value &&
      !value.startsWith('./') &&
      !value.startsWith('/') &&
      !/^(true|false|\d+)$/i.test(value)
    )
      values.push(value);
  }
  return values;
}
