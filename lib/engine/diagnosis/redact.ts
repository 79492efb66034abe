// Secret redaction for the diagnostics bundle: config fields, ENVIRONMENT values and secrets in logs.

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /token|password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|auth|credential|cookie|session/i;

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
  /((?:[A-Za-z_][\w.-]*)?(?:token|password|passwd|secret|api[_-]?key|access[_-]?key|auth)[\w.-]*["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
const SECRET_FLAG =
  /(--?(?:[\w-]*-)?(?:password|passwd|token|secret|api-?key|access-?key)[= ]+)([^\s"']+)/gi;
const AUTH_HEADER = /((?:Proxy-)?Authorization:\s*)[^\r\n]+/gi;
const BEARER = /(\b(?:Bearer|Basic|token)\s+)([A-Za-z0-9._~+/=-]{8,})/g;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+(?::[^/\s@]*)?)@/gi;

/** Redacts secret shapes, secret assignments, URL credentials and every literal in `literals` from text. */
export function redactText(text: string, literals: Iterable<string> = []): string {
  let out = text;
  const sorted = [...new Set(literals)]
    .filter((l) => l.length >= 6)
    .sort((a, b) => b.length - a.length);
  for (const literal of sorted) out = out.split(literal).join(REDACTED);
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(AUTH_HEADER, (_m, header: string) => `${header}${REDACTED}`);
  out = out.replace(BEARER, (_m, scheme: string) => `${scheme}${REDACTED}`);
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, value: string) =>
    value === REDACTED ? `${key}${value}` : `${key}${REDACTED}`,
  );
  out = out.replace(SECRET_FLAG, (_m, flag: string, value: string) =>
    value === REDACTED ? `${flag}${value}` : `${flag}${REDACTED}`,
  );
  out = out.replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}${REDACTED}@`);
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

/** A JSON value with secret-named fields replaced and secrets in strings redacted; collects the secret strings. */
export function redactJson(value: unknown, found: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => redactJson(v, found));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number')) {
        found.push(String(v));
        out[key] = REDACTED;
      } else out[key] = redactJson(v, found);
    }
    return out;
  }
  return typeof value === 'string' ? redactText(value) : value;
}
