// Conformance runs: every corpus launcher through install, start, its menus and stop, in a local stand-in world.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { runLauncher } from './run-launcher';
import { formatTable, type LauncherResult } from './table';
import { createWorld, type World } from './world';
import { answerInputs } from './world/answer-inputs';

/** HANGAR_CONFORMANCE_CORPUS=<folder of launcher folders> runs another set of launchers the same way. */
const CORPUS =
  process.env.HANGAR_CONFORMANCE_CORPUS ??
  path.resolve(__dirname, '../../../shared/pinokio-corpus');
/** HANGAR_CONFORMANCE=a,b runs only those launchers (for a closer look at one). */
const ONLY = process.env.HANGAR_CONFORMANCE?.split(',').filter(Boolean);
const LAUNCHERS = readdirSync(CORPUS).filter(
  (d) => statSync(path.join(CORPUS, d)).isDirectory() && (!ONLY || ONLY.includes(d)),
);
const PARALLEL = 3;

/**
 * Gaps in Hangar this harness found and that are not fixed yet: the launcher's row must fail with this reason
 * (when a gap is fixed, the row passes and this entry must go). None today: every corpus launcher passes.
 */
const KNOWN_GAPS: Record<string, RegExp> = {};

let world: World;
let server: TestServer;
let events: EventLog;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  world = await createWorld(CORPUS);
  // The server and every app it runs inherit this environment: Hangar's own code paths are unchanged.
  for (const [key, value] of Object.entries(world.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  server = await startTestServer();
  events = await collectEvents(server.url);
  answerInputs(events, server);
});

afterAll(async () => {
  events?.close();
  await server?.stop();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await world?.close();
});

async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

describe('the corpus launchers in a local world', () => {
  it('install, start, render their menus and stop', { timeout: 600_000 }, async () => {
    const began = Date.now();
    const rows: LauncherResult[] = await pool(LAUNCHERS, PARALLEL, (launcher) =>
      runLauncher(launcher, { server, events, world, corpus: CORPUS, timeoutMs: 120_000 }),
    );
    const table = formatTable(rows);
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const calls = await world.shims.calls();
    const byTool = new Map<string, number>();
    for (const call of calls) byTool.set(call.tool, (byTool.get(call.tool) ?? 0) + 1);
    console.log(
      `${table}\n\n${LAUNCHERS.length} launchers in ${seconds} s; recorded tool calls: ${[...byTool]
        .map(([tool, n]) => `${tool} ${n}`)
        .join(', ')}; Hugging Face stand-in requests: ${world.hub.requests.length}`,
    );
    const unexpected = rows
      .filter((r) => (KNOWN_GAPS[r.launcher] ? !KNOWN_GAPS[r.launcher].test(r.failure) : r.failure))
      .map((r) => `${r.launcher}: ${r.failure || 'passed; remove it from KNOWN_GAPS'}`);
    expect(unexpected).toEqual([]);
    // The stand-ins were really used: packages were recorded inside the apps' own venvs.
    expect(calls.some((c) => c.tool === 'uv' && c.args[1] === 'install' && c.env !== '')).toBe(
      true,
    );
  });
});
