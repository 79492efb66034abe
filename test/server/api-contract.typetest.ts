// Type-level tests of the contract: not run, only compiled (test/typecheck.test.ts runs tsc over the project). Each
// `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
import type { Socket as ClientSocket } from 'socket.io-client';
import type { RunStatus } from '../../lib/shared/events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/shared/socket';
import { rpc } from '../../lib/client/rpc';
import type { Handlers } from '../../server/api/methods';
import type { RpcClient } from '../../server/cli/rpc-client';
import type { HangarSocket } from '../../server/sockets/typed-io';

export async function browserCalls(): Promise<unknown[]> {
  const app = await rpc('apps.get', { name: 'hello-app' });
  const state: string = app.state;
  await rpc('system.info');
  await rpc('terminals.open', {});
  // @ts-expect-error a method the contract does not have
  await rpc('apps.stopp', { name: 'hello-app' });
  // @ts-expect-error a param of the wrong type
  await rpc('apps.stop', { name: 1 });
  // @ts-expect-error a param the method does not take
  await rpc('apps.stop', { name: 'hello-app', force: true });
  // @ts-expect-error a required param left out
  await rpc('apps.get');
  // @ts-expect-error a result field the method does not answer
  const nope: unknown = app.nope;
  // @ts-expect-error a result read as the wrong type
  const port: string = (await rpc('apps.start', { name: 'hello-app' })).port;
  return [state, port, nope];
}

export async function cliCalls(client: RpcClient): Promise<unknown[]> {
  const { runId } = await client.call('scripts.run', { name: 'hello-app', script: 'reset.json' });
  const run = await client.call('runs.get', { runId });
  const status: RunStatus = run.status;
  // @ts-expect-error a method the contract does not have
  await client.call('runs.gett', { runId });
  // @ts-expect-error a param of the wrong type
  await client.call('runs.logs', { runId, sinceSeq: 'first' });
  // @ts-expect-error a result read as the wrong type
  const count: number = (await client.call('apps.list'))[0].name;
  return [status, count];
}

export const goodHandler: Handlers['apps.stop'] = async ({ name }) => ({ name, state: 'stopped' });
// @ts-expect-error a handler whose result lacks a field of the schema
export const missingField: Handlers['apps.stop'] = async ({ name }) => ({ name });
// @ts-expect-error a handler whose result has a field of the wrong type
export const wrongField: Handlers['apps.install'] = () => ({ name: 'x', runId: 42 });
// @ts-expect-error a handler reading a param the method does not take
export const wrongParam: Handlers['apps.stop'] = ({ nope }: { nope: string }) => ({
  name: nope,
  state: 'stopped',
});

export function browserSocket(
  socket: ClientSocket<ServerToClientEvents, ClientToServerEvents>,
): unknown[] {
  const seen: unknown[] = [];
  socket.emit('terminal:input', { id: 't1', data: 'ls\n' });
  socket.on('run:status', (event) => {
    const status: RunStatus = event.status;
    seen.push(status);
  });
  // @ts-expect-error an event the server does not take
  socket.emit('terminal:inptu', { id: 't1', data: 'ls\n' });
  // @ts-expect-error a payload of the wrong shape
  socket.emit('terminal:resize', { id: 't1', cols: '80', rows: 24 });
  // @ts-expect-error an event only the server sends
  socket.emit('run:log', { runId: 'r', seq: 1, data: 'x' });
  // @ts-expect-error a payload field the event does not carry
  socket.on('app:status', (event) => seen.push(event.runId));
  return seen;
}

export function serverSocket(socket: HangarSocket) {
  socket.emit('hello', { version: '1' });
  // @ts-expect-error an event the browser does not listen to
  socket.emit('run:subscribe', { runId: 'r' });
  // @ts-expect-error a payload of the wrong shape
  socket.emit('terminal:exit', { id: 't1', exitCode: 'zero' });
}
