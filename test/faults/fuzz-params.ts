// Hostile JSON-RPC params for the API fuzz, shaped by each method's JSON schema from `GET /api`: right names with wrong
// types, missing and extra fields, huge and odd strings, nulls, deep nesting, path traversal, NaN-like numbers.

/** Deterministic PRNG (mulberry32): the same seed replays the same calls. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)]!;

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\n',
  '\u0000',
  '..',
  '../../etc',
  '../../etc/passwd',
  '/etc/passwd',
  'api/../../../etc/hosts',
  'drive/../../outside.bin',
  '%2e%2e%2f%2e%2e%2f',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'a'.repeat(70_000),
  '💥'.repeat(400),
  'Ω≈ç√∫˜µ≤≥÷',
  '\u202eevil',
  '{{process.exit(1)}}',
  '{{port}}',
  '$(touch /tmp/hangar-fuzz-pwned)',
  'x; rm -rf ~',
  'CON',
  'NaN',
  '-1',
  'http://127.0.0.1:9/nothing.git',
  'file:///nonexistent/repo',
  'javascript:alert(1)',
  'start.json',
  'install.json',
  'pinokio.js',
];

const SHORT_HOSTILE_STRINGS = HOSTILE_STRINGS.filter((s) => s.length < 500);

/** Numbers a JSON body can carry that handlers get wrong: negatives, huge, fractional, -0 (NaN travels as null). */
const HOSTILE_NUMBERS = [-1, 0, -0, 1, 0.5, 2 ** 31, -(2 ** 53), 2 ** 53 + 2, 1e308, -1e308, 65536];

export interface Pools {
  /** App names to aim at: installed ones, unknown ones. */
  names: string[];
  /** Ids seen in earlier answers (runs, terminals, downloads). */
  ids: string[];
  /** Paths, absolute and relative, to files outside the home that no call may touch. */
  outside: string[];
}

export function hostileValue(rand: Rand, pools: Pools, depth = 0): unknown {
  switch (Math.floor(rand() * 12)) {
    case 11:
      return pick(rand, pools.outside);
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pick(rand, HOSTILE_NUMBERS);
    case 3:
      return pick(rand, HOSTILE_STRINGS);
    case 4:
      return pick(rand, pools.names);
    case 5:
      return pools.ids.length > 0 ? pick(rand, pools.ids) : 'no-such-id';
    case 6:
      return depth > 4
        ? []
        : Array.from({ length: Math.floor(rand() * 4) }, () =>
            hostileValue(rand, pools, depth + 1),
          );
    case 7:
      return depth > 4
        ? {}
        : Object.fromEntries(
            Array.from({ length: Math.floor(rand() * 4) }, () => [
              pick(rand, ['name', 'id', 'runId', 'a', '__proto__', 'constructor', '']),
              hostileValue(rand, pools, depth + 1),
            ]),
          );
    case 8:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}');
    case 9:
      return deep(Math.floor(rand() * 60) + 1);
    default:
      return 'z'.repeat(Math.floor(rand() * 5000));
  }
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** A value that fits `schema` (so the call reaches the handler), drawn from the pools where a name or id fits. */
function plausible(rand: Rand, key: string, schema: JsonSchema, pools: Pools): unknown {
  if (schema.anyOf) return plausible(rand, key, pick(rand, schema.anyOf), pools);
  if (schema.enum) return pick(rand, schema.enum);
  const type = Array.isArray(schema.type) ? pick(rand, schema.type) : schema.type;
  switch (type) {
    case 'string':
      if (/name|app/i.test(key)) return pick(rand, pools.names);
      if (/id$/i.test(key) && pools.ids.length > 0 && rand() < 0.7) return pick(rand, pools.ids);
      if (rand() < 0.25) return pick(rand, pools.outside);
      return rand() < 0.5 ? pick(rand, SHORT_HOSTILE_STRINGS) : 'x';
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? 0;
      const high = Math.min(schema.maximum ?? low + 10_000, low + 10_000);
      return Math.floor(low + rand() * (high - low + 1));
    }
    case 'boolean':
      return rand() < 0.5;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.floor(rand() * 3) }, () =>
        plausible(rand, key, schema.items ?? {}, pools),
      );
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, plausible(rand, k, s, pools)]),
      );
    default:
      return hostileValue(rand, pools);
  }
}

/** Params for one call of a method with `schema`: sometimes valid, mostly one or more fields made hostile. */
export function fuzzParams(rand: Rand, schema: JsonSchema, pools: Pools): unknown {
  const roll = rand();
  if (roll < 0.08) return undefined;
  if (roll < 0.18) return hostileValue(rand, pools);
  const props = schema.properties ?? {};
  const params: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(props)) {
    const required = schema.required?.includes(key) ?? false;
    if (!required && rand() < 0.4) continue;
    if (required && rand() < 0.07) continue;
    params[key] = rand() < 0.35 ? hostileValue(rand, pools) : plausible(rand, key, sub, pools);
  }
  if (rand() < 0.08) params[pick(rand, ['extra', '__proto__', 'constructor', 'toString'])] = 1;
  return params;
}
