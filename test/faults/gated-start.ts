// The gated app of the starting drills: a server that answers only once the drill opens its gate, two ways to
// start it, and how the drills find its process and read its run's log across Hangars.
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '../helpers/processes';
import type { ServerProcess } from '../helpers/spawn-server';
import { ownedBy, type OwnedProcess } from './invariants';

/** Says it waits, then listens only once `gate` exists in its folder (the drill creates it): no timing guessed. */
export const GATED = `const fs = require('node:fs');
const http = require('node:http');
console.log('waiting for the gate');
const server = http.createServer((req, res) => res.end('gated app answers'));
const timer = setInterval(() => {
  if (!fs.existsSync('gate')) return;
  clearInterval(timer);
  server.listen(Number(process.argv[2]), '127.0.0.1', () => {
    console.log('Gated app on http://127.0.0.1:' + server.address().port);
  });
}, 50);
process.on('SIGTERM', () => process.exit(0));
`;

/** The serving command in the background (`daemon: true`), its URL known from the start's port. */
export const DAEMON_START = JSON.stringify({
  daemon: true,
  run: [
    {
      method: 'shell.run',
      params: { message: 'node server.js {{port}}', path: 'app', daemon: true },
    },
    { method: 'local.set', params: { url: 'http://127.0.0.1:{{port}}' } },
  ],
});

export async function install(server: ServerProcess, source: string, name: string): Promise<void> {
  await server.rpc('apps.install', { source, name });
  await waitFor(
    async () => (await server.rpc('apps.get', { name })).state === 'installed',
    `${name} installed`,
    60_000,
  );
}

/** The log of a run as one text. */
export async function logOf(server: ServerProcess, runId: string): Promise<string> {
  const log = await server.rpc('runs.logs', { runId });
  return log.entries!.map((e: { data: string }) => e.data).join('');
}

/** The whole log file of a run, across the Hangars that wrote it. */
export async function logFileOf(server: ServerProcess, runId: string): Promise<string> {
  let text = '';
  for (let offset = 0; ;) {
    const page = await server.rpc('runs.logText', { runId, offset });
    text += page.text;
    if (page.next >= page.size) return text;
    offset = page.next;
  }
}

/** The gated server process of `name` (found by its working folder), if it runs. */
export async function serverOf(home: string, name: string): Promise<OwnedProcess | undefined> {
  const folder = path.join(home, 'api', name, 'app');
  for (const p of await ownedBy(home)) {
    if (!p.command.startsWith('node server.js')) continue;
    if ((await readlink(`/proc/${p.pid}/cwd`).catch(() => '')) === folder) return p;
  }
  return undefined;
}
