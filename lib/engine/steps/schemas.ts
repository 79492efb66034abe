// Zod pieces the step params schemas share: loose objects (extra fields pass) and Pinokio's loose value shapes.
import { z } from 'zod';

/** An object of params with these known fields; unknown extra fields pass through. Absent params are `{}`. */
export function looseParams<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.preprocess((v) => v ?? {}, z.looseObject(shape));
}

/** An object of params that must be given (not absent). */
export function requiredParams<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, { error: 'expected an object of params' });
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
