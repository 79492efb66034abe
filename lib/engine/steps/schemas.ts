// Zod pieces the step params schemas share: loose objects (extra fields pass) and Pinokio's loose value shapes.
import { z } from 'zod';

/**
 * A known field set to null counts as absent, as `if (params.path)` treats it in Pinokio (templates such as
 * `{{gpu === 'nvidia' ? 'env' : null}}` render null).
 */
function withoutNulls(keys: readonly string[]) {
  return (value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out = { ...(value as Record<string, unknown>) };
    for (const key of keys) if (out[key] === null) delete out[key];
    return out;
  };
}

/** An object with these known fields (null ones count as absent); unknown extra fields pass through. */
export function fields<T extends z.core.$ZodLooseShape>(
  shape: T,
  error = 'expected an object of params',
) {
  return z.preprocess(withoutNulls(Object.keys(shape)), z.looseObject(shape, { error }));
}

/** Params with these known fields, where absent params are `{}`. */
export function looseParams<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape);
  return z.preprocess((v) => withoutNulls(keys)(v ?? {}), z.looseObject(shape));
}

/** Params with these known fields that must be given (not absent). */
export function requiredParams<T extends z.core.$ZodLooseShape>(shape: T) {
  return fields(shape);
}

/** Any object of `{key: value}` (memory, json and env methods). */
export const keyValues = z.record(z.string(), z.unknown(), {
  error: 'expected an object of {key: value}',
});

/** A string or a list of strings. */
export const stringOrList = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string or a list of strings',
});

/** A number, or a numeric string as templates render it. */
export const looseNumber = z.union(
  [
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+(\.\d+)?\s*$/)
      .transform(Number),
  ],
  { error: 'expected a number' },
);

/** Scalars that are written as text (env values, versions). */
export const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a string, a number or a boolean',
});

/** `rm` params: a key, a list of keys, or an object whose keys are removed. */
export const keyList = z.union(
  [z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())],
  {
    error: 'expected a key, a list of keys or an object',
  },
);

/** A param value as text: strings as they are, other scalars by String, objects as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | boolean | bigint | symbol | undefined);
}
