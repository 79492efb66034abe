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

const CORPUS = path.resolve(__dirname, '../../../shared/pinokio-corpus');
/** HANGAR_CONFORMANCE=a,b runs only those launchers (for a closer look at one). */
const ONLY = process.env.HANGAR_CONFORMANCE?.split(',').filter(Boolean);
const LAUNCHERS = readdirSync(CORPUS).filter(
  (d) => statSync(path.join(CORPUS, d)).isDirectory() && (!ONLY || ONLY.includes(d)),
);
const PARALLEL = 3;

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
  const results: R[] = new Array(items.length);
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
    console.log(`${table}\n\n${LAUNCHERS.length} launchers in ${seconds} s`);
    expect(rows.filter((r) => r.failure !== '').map((r) => r.launcher)).toEqual([]);
  });
});
