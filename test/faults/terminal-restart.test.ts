// Fault drill: kill -9 of a production Hangar with a browser terminal running a long command. The next Hangar
// lists the same terminal, a client reattaches to its screen and types on, and closing it leaves 0 processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeTestConfig } from '../helpers/port-range';
import { underHome, waitFor } from '../helpers/processes';
import { rpcCall } from '../helpers/rpc';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

let home: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-terminal-'));
  await writeTestConfig(home);
});
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  for (const pid of await underHome(home)) process.kill(pid, 'SIGKILL');
  await rm(home, { recursive: true, force: true });
});

async function boot(): Promise<ServerProcess> {
  const server = await spawnServer({ home });
  servers.push(server);
  return server;
}

/** A terminal's output so far: it is followed from the keeper's log, which grows at any byte, so a line may come in pieces. */
function shownIn(log: EventLog, id: string): string {
  return log
    .payloadsOf('terminal:data')
    .filter((e) => e.id === id)
    .map((e) => e.data)
    .join('');
}

describe('kill -9 of Hangar with a terminal open', () => {
  it('adopts the terminal: same id, its screen, its running command, input; closing leaves nothing', async () => {
    const first = await boot();
    const { id } = await rpcCall(first.url, 'terminals.open', {});
    const before = await collectEvents(first.url);
    await new Promise((r) => before.socket.emit('terminal:attach', { id }, r));
    // A long command, as a user would leave running: it prints a line each time it is woken by a file.
    before.socket.emit('terminal:input', {
      id,
      data: 'echo started-$((40+2)); while sleep 0.1; do [ -f go ] && echo tick-$(cat go) && rm go; done\r',
    });
    await before.waitFor('terminal:data', () => shownIn(before, id).includes('started-42'));
    before.close();
    const killedAt = Date.now();
    await first.stop('SIGKILL');

    const second = await boot();
    const listed = await rpcCall(second.url, 'terminals.list', {});
    expect(listed.map((t) => t.id)).toEqual([id]);
    const after = await collectEvents(second.url);
    const screen = await new Promise<{ screen?: { data: string } }>((r) =>
      after.socket.emit('terminal:attach', { id }, r),
    );
    expect(screen.screen?.data).toContain('started-42');
    console.log(
      JSON.stringify({ drill: 'kill-9-terminal', msToTerminalBack: Date.now() - killedAt }),
    );
    // The command kept running across the crash: it still answers.
    const cwd = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'))
      .processes[0].cwd as string;
    const shown = () => shownIn(after, id);
    await writeFile(path.join(cwd, 'go'), '7');
    await after.waitFor('terminal:data', () => shown().includes('tick-7'));
    // Ctrl-C reaches it through the adopted input, and the shell answers again. The next command is typed once the
    // prompt is back, as a user would: keys sent in one write with the Ctrl-C may be flushed with it by the terminal.
    const beforeInterrupt = shown().length;
    after.socket.emit('terminal:input', { id, data: '\x03' });
    await after.waitFor('terminal:data', () =>
      /\^C[\s\S]*[$#] $/.test(shown().slice(beforeInterrupt)),
    );
    after.socket.emit('terminal:input', { id, data: 'echo back-$((1+2))\r' });
    await after.waitFor('terminal:data', () => shown().includes('back-3'));

    await rpcCall(second.url, 'terminals.close', { id });
    await after.waitFor('terminal:exit', (e) => e.id === id);
    after.close();
    await waitFor(async () => (await underHome(home)).length === 0, 'no process left', 15_000);
    const records = JSON.parse(
      await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'),
    ).processes;
    expect(records).toEqual([]);
    await second.stop();
  }, 120_000);
});
