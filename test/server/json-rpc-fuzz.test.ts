import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethods } from '../../lib/shared/api';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Methods that would legitimately start shells or clones on valid input are left to their own tests.
const METHODS = Object.keys(apiMethods).filter((m) => m !== 'terminals.open');
const NASTY_STRINGS = [
  '',
  '../../etc/passwd',
  '..',
  '/',
  '\u0000',
  '__proto__',
  'constructor',
  'a'.repeat(70_000),
  '💥'.repeat(300),
  '{{process.exit(1)}}',
  'x; rm -rf /',
  '%2e%2e%2f',
  'CON',
  ' ',
  '\n',
];

function value(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 10);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1);
    case 3:
      return rand() * 1e308;
    case 4:
      return NASTY_STRINGS[Math.floor(rand() * NASTY_STRINGS.length)];
    case 5:
      return Math.random().toString(36).slice(2);
    case 6:
      return depth > 3
        ? []
        : Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
    case 7:
      return depth > 3
        ? {}
        : Object.fromEntries(
            Array.from({ length: Math.floor(rand() * 4) }, () => [
              key(rand),
              value(rand, depth + 1),
            ]),
          );
    case 8:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    default:
      return 'z'.repeat(Math.floor(rand() * 5000));
  }
}

function key(rand: () => number): string {
  const keys = [
    'name',
    'source',
    'runId',
    'script',
    'params',
    'response',
    'sinceSeq',
    'limit',
    'timeoutMs',
    'keepData',
    'id',
    '__proto__',
    'cols',
  ];
  return keys[Math.floor(rand() * keys.length)];
}

function call(rand: () => number): unknown {
  const shape = Math.floor(rand() * 8);
  const method = rand() < 0.8 ? METHODS[Math.floor(rand() * METHODS.length)] : value(rand);
  const base: Record<string, unknown> = {
    jsonrpc: rand() < 0.9 ? '2.0' : value(rand),
    id: rand() < 0.9 ? Math.floor(rand() * 1e6) : value(rand),
    method,
  };
  if (shape === 0) return base;
  if (shape === 1) return { ...base, params: value(rand) };
  if (shape === 2)
    return {
      ...base,
      params: Object.fromEntries([
        [key(rand), value(rand)],
        [key(rand), value(rand)],
      ]),
    };
  if (shape === 3) return { ...base, extra: value(rand) };
  if (shape === 4) return [call(rand), [call(rand)], value(rand)];
  if (shape === 5) return value(rand);
  if (shape === 6)
    return { ...base, params: { name: NASTY_STRINGS[Math.floor(rand() * NASTY_STRINGS.length)] } };
  return {
    ...base,
    params: {
      source: `./${Math.random().toString(36).slice(2)}`,
      name: String(value(rand)).slice(0, 80),
    },
  };
}

function rawBody(rand: () => number): string {
  const roll = rand();
  if (roll < 0.05) return '{"jsonrpc":"2.0","method":"system.info",';
  if (roll < 0.08) return '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]';
  if (roll < 0.1)
    return JSON.stringify(
      Array.from({ length: 150 }, () => ({ jsonrpc: '2.0', id: 1, method: 'system.info' })),
    );
  return JSON.stringify(call(rand));
}

interface ResponseShape {
  jsonrpc?: unknown;
  error?: { code?: unknown; message?: unknown; data?: { code?: unknown } } | null;
}

function isRpcResponse(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as ResponseShape;
  return (
    item.jsonrpc === '2.0' &&
    'id' in item &&
    'result' in item !== 'error' in item &&
    (!item.error ||
      (typeof item.error.code === 'number' &&
        typeof item.error.message === 'string' &&
        typeof item.error.data?.code === 'string'))
  );
}

describe('JSON-RPC under 1 000 malformed and hostile calls', () => {
  it('answers each with a well-formed JSON-RPC response (or nothing for notifications) and keeps serving', async () => {
    const rand = prng(20261122);
    let errors = 0;
    for (let i = 0; i < 1000; i += 1) {
      const body = rawBody(rand);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10_000);
      const response = await fetch(`${server.url}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
      });
      clearTimeout(timer);
      if (response.status === 204) continue;
      expect([200, 413], `call ${i}: ${body.slice(0, 200)}`).toContain(response.status);
      if (response.status === 413) continue;
      const payload = await response.json();
      const items = Array.isArray(payload) ? payload : [payload];
      for (const item of items) {
        expect(
          isRpcResponse(item),
          `call ${i} answered ${JSON.stringify(item).slice(0, 300)}`,
        ).toBe(true);
        if (item.error) errors += 1;
      }
    }
    expect(errors).toBeGreaterThan(900);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const info = await server.rpc('system.info');
    expect(info.home).toBe(server.home);
    expect(await server.rpc('apps.list')).toEqual([]);
  }, 120_000);
});
