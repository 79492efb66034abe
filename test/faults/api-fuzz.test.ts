// API fuzz: 2,000 calls (batches included) to every method `GET /api` lists, with hostile params, against a real
// Hangar on a temp home. No call may end in -32603 (internal error): every bad input gets a typed error. Afterwards a
// normal call still works and no process of the home is left. HANGAR_FUZZ_SEED replays a run.
import { existsSync, statSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/processes';
import { fuzzParams, pick, prng, type JsonSchema, type Pools, type Rand } from './fuzz-params';
import { makeTempDir } from '../helpers/temp-dir';
import { expectBytes, expectDrillInvariants, sha256 } from './invariants';

const CALLS = 2000;
const SEED = Number(process.env.HANGAR_FUZZ_SEED ?? Date.now() % 2 ** 31);

interface MethodInfo {
  method: string;
  params: JsonSchema;
}

let server: TestServer;
let repo: TempRepo;
let catalogIds: string[] = [];
/** A folder beside the home with a file in it: traversal strings aim at it, and it must come out untouched. */
let outside: string;
const VICTIM = 'victim.txt';
const VICTIM_BYTES = 'not Hangar’s to touch\n';

beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await server.rpc('apps.install', { source: repo.dir, name: 'fx' });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'fx' })).state !== 'installing',
    'the fixture install',
    30_000,
  );
  catalogIds = (await server.rpc('catalog.list')).map((c) => c.id);
  outside = await makeTempDir('hangar-fuzz-outside-');
  await writeFile(path.join(outside, VICTIM), VICTIM_BYTES);
}, 60_000);
let stopping: Promise<void> | undefined;
const stopServer = (): Promise<void> => (stopping ??= server.stop());
afterAll(async () => {
  if (server) await stopServer();
  await repo?.remove();
});

/**
 * Keeps the fuzz on the temp home and off the network: an install source never names a real folder other than the
 * fixture (copying `/` is a valid request, not a bug) nor a catalog entry (those clone from the internet), and a
 * download URL is always on loopback.
 */
function contain(method: string, params: unknown, rand: Rand): unknown {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return params;
  const p = params as Record<string, unknown>;
  if (method === 'apps.install' && typeof p.source === 'string') {
    if (rand() < 0.25) p.source = repo.dir;
    else if (isForeignFolder(p.source) || catalogIds.includes(p.source) || remote(p.source))
      p.source = `/nonexistent/fuzz-${Math.floor(rand() * 1000)}`;
  }
  if (method === 'downloads.start' && typeof p.url === 'string' && remote(p.url))
    p.url = 'http://127.0.0.1:9/model.bin';
  return p;
}

function isForeignFolder(source: string): boolean {
  const abs = path.resolve(source);
  return abs !== repo.dir && existsSync(abs) && statSync(abs).isDirectory();
}

function remote(text: string): boolean {
  try {
    const host = new URL(text).hostname;
    return host !== '127.0.0.1' && host !== 'localhost';
  } catch {
    // Not a URL: nothing remote about it.
    return /^(git@|ssh:)/.test(text);
  }
}

function harvest(result: unknown, pools: Pools): void {
  if (!result || typeof result !== 'object') return;
  if (Array.isArray(result)) {
    for (const item of result.slice(0, 20)) harvest(item, pools);
    return;
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'string' && /^(runId|id)$/.test(key) && !pools.ids.includes(value))
      pools.ids.push(value);
    if (key === 'runs' && Array.isArray(value)) harvest(value, pools);
  }
}

const WELL_KNOWN = new Set([-32700, -32600, -32601, -32602, -32000]);

describe(`the JSON-RPC API under ${CALLS} hostile calls (seed ${SEED})`, () => {
  it('answers every call with a typed error or a result, never -32603, and stays healthy', async () => {
    console.log(`api-fuzz seed ${SEED} (replay with HANGAR_FUZZ_SEED=${SEED})`);
    const rand = prng(SEED);
    const methods = ((await (await fetch(`${server.url}/api`)).json()) as { methods: MethodInfo[] })
      .methods;
    const victim = path.join(outside, VICTIM);
    const fromHome = path.relative(server.home, victim);
    const pools: Pools = {
      names: ['fx', 'nope', 'hello-app', 'FX', 'fx/..', '.fx'],
      ids: [],
      outside: [
        victim,
        outside,
        fromHome,
        `../${fromHome}`,
        `../../${fromHome}`,
        `../../../${fromHome}`,
        `drive/../${fromHome}`,
        `api/fx/../../${fromHome}`,
      ],
    };
    const internal: string[] = [];
    const counts = {
      calls: 0,
      batches: 0,
      storms: 0,
      results: 0,
      errors: {} as Record<string, number>,
    };
    const byMethod = new Map<string, number>();
    const started = Date.now();

    const one = (): { body: unknown; method: string } => {
      const info = pick(rand, methods);
      byMethod.set(info.method, (byMethod.get(info.method) ?? 0) + 1);
      const params = contain(info.method, fuzzParams(rand, info.params, pools), rand);
      const body: Record<string, unknown> = {
        jsonrpc: '2.0',
        id: counts.calls,
        method: info.method,
      };
      if (params !== undefined) body.params = params;
      counts.calls += 1;
      return { body, method: info.method };
    };

    // A storm: valid lifecycle calls on the fixture app, all at once in one batch, to shake out races.
    const storm = (): { body: unknown; method: string } => {
      const [method, params] = pick(rand, lifecycle(repo.dir));
      byMethod.set(method, (byMethod.get(method) ?? 0) + 1);
      counts.storms += 1;
      return { body: { jsonrpc: '2.0', id: counts.calls++, method, params }, method };
    };

    while (counts.calls < CALLS) {
      const roll = rand();
      const batch = roll < 0.15;
      const calls =
        roll < 0.05
          ? Array.from({ length: 2 + Math.floor(rand() * 5) }, storm)
          : batch
            ? Array.from({ length: 2 + Math.floor(rand() * 12) }, one)
            : [one()];
      if (batch) counts.batches += 1;
      const payload = batch ? calls.map((c) => c.body) : calls[0]!.body;
      const text = JSON.stringify(payload);
      const response = await fetch(`${server.url}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
        signal: AbortSignal.timeout(120_000),
      });
      if (response.status === 413) continue;
      expect(response.status, text.slice(0, 300)).toBe(200);
      const answer = await response.json();
      const items = (Array.isArray(answer) ? answer : [answer]) as Array<{
        id: number;
        result?: unknown;
        error?: { code: number; message: string; data?: { code?: string; issues?: unknown } };
      }>;
      expect(items).toHaveLength(calls.length);
      for (const item of items) {
        const sent = calls.find((c) => (c.body as { id: number }).id === item.id)!;
        if (!item.error) {
          counts.results += 1;
          harvest(item.result, pools);
          continue;
        }
        const key = `${item.error.code}/${item.error.data?.code}`;
        counts.errors[key] = (counts.errors[key] ?? 0) + 1;
        if (item.error.code === -32603)
          internal.push(`${sent.method} ${JSON.stringify(sent.body).slice(0, 400)}`);
        expect(WELL_KNOWN.has(item.error.code) || item.error.code === -32603, key).toBe(true);
        expect(typeof item.error.data?.code, key).toBe('string');
        if (item.error.code === -32602) {
          expect(Array.isArray(item.error.data?.issues)).toBe(true);
          expect(item.error.message).toMatch(/^Invalid params: /);
        }
      }
    }
    console.log(
      JSON.stringify({
        drill: 'api-fuzz',
        seed: SEED,
        ...counts,
        methods: byMethod.size,
        internalErrors: internal.length,
        ms: Date.now() - started,
      }),
    );
    expect(byMethod.size).toBe(methods.length);
    expect(internal, `-32603 answers (seed ${SEED})`).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Healthy afterwards: a normal call works, and once its apps, runs and terminals are stopped nothing is left.
    expect((await server.rpc('system.info')).home).toBe(server.home);
    await quiesce();
    await expectDrillInvariants({ home: server.home, url: server.url });
    // And once the server is stopped, nothing of its home is left either.
    await expectDrillInvariants({ home: server.home, afterStop: stopServer });
    // Nothing outside the home was touched: the folder holds the one file, byte for byte.
    expect(await readdir(outside)).toEqual([VICTIM]);
    await expectBytes({ [victim]: sha256(VICTIM_BYTES) });
    expect(existsSync(path.join(repo.dir, 'pinokio.js'))).toBe(true);
  }, 600_000);
});

/** Well-formed calls that move the fixture app through its lifecycle. */
function lifecycle(source: string): Array<[string, Record<string, unknown>]> {
  const name = 'fx';
  return [
    ['apps.install', { source, name }],
    ['apps.start', { name, timeoutMs: 20_000 }],
    ['apps.stop', { name }],
    ['apps.update', { name }],
    ['apps.rollback', { name }],
    ['apps.remove', { name, keepData: true }],
    ['apps.remove', { name }],
    ['apps.configure', { name, restart: 'on-failure' }],
    ['scripts.run', { name, script: 'install.json' }],
    ['scripts.run', { name, script: 'start.json' }],
    ['scripts.run', { name, script: 'reset.json' }],
    ['scripts.run', { name, script: 'ask.json', params: { who: 'fuzz' } }],
    ['apps.get', { name }],
    ['runs.list', { name }],
    ['system.diagnostics', { app: name }],
  ];
}

async function quiesce(): Promise<void> {
  for (const app of await server.rpc('apps.list'))
    await server.rpc('apps.stop', { name: app.name });
  const runs = await server.rpc('runs.list');
  for (const run of runs) await server.rpc('runs.stop', { runId: run.runId });
  for (const t of await server.rpc('terminals.list'))
    await server.rpc('terminals.close', { id: t.id });
  for (const d of await server.rpc('downloads.list'))
    if (d.state === 'downloading' || d.state === 'queued')
      await server.rpc('downloads.cancel', { id: d.id });
}
