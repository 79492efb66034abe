// Redaction of secrets before anything is written to a log: secret-looking keys and known secret values.
const SECRET_KEY =
  /pass(word)?|token|secret|authorization|cookie|api[-_]?key|private[-_]?key|credential|^hf_?token$/i;
const HF_TOKEN_VALUE = /\bhf_[A-Za-z0-9]{20,}\b/g;
const BEARER_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi;

export const REDACTED = '[redacted]';

/** True for keys whose values are secret wherever they appear (password, token, cookie, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Replaces the known secret values and secret-looking substrings in a string. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out
    .replace(HF_TOKEN_VALUE, REDACTED)
    .replace(BEARER_VALUE, `$1 ${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** A deep copy of a JSON-like value with secret keys and secret values redacted. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] =
      isSecretKey(key) && item !== undefined && item !== null && typeof item !== 'boolean'
        ? REDACTED
        : redactValue(item, secrets, depth + 1);
  }
  return out;
}
