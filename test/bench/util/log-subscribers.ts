// The subscribers of the `log-fanout` bench, in a process of their own (as browsers are: their CPU and memory are not
// the server's). Connects N Socket.IO clients, says {"ready":true}, reads a run id on stdin, follows that run the way
// the browser does (log file pages over HTTP, then live entries by seq), and says {"done":true,…} once every
// subscriber checked every line.
//
// Usage: node --import tsx log-subscribers.ts <url> <clients> <lines>
import { createInterface } from 'node:readline';
import { io as connect, type Socket } from 'socket.io-client';
import { followRunLogWith } from '../../../lib/client/run-log-follow';
import { RUN_LOG_SKIPPED_EVENT, type RunLogText } from '../../../lib/shared/run';
import { CheckingSinkBase, socketTransport } from '../../helpers/run-log-follow';

const [url = '', clientsArg = '10', linesArg = '200000'] = process.argv.slice(2);
const CLIENTS = Number(clientsArg);
const LINES = Number(linesArg);

/** Checks the numbers arrive exactly as "1\n2\n…N\n" (a pty's \r\n allowed) without keeping them. */
class CheckingSink extends CheckingSinkBase {
  expected = 1;
  private carry = '';

  constructor(private readonly onProgress: () => void) {
    super();
  }

  get done(): boolean {
    return this.expected > LINES;
  }

  // Walks the text by index (no per-line strings): the check should cost far less than what it measures.
  protected feed(data: string): void {
    const text = this.carry + data;
    let at = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      this.check(text, at, nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      at = nl + 1;
    }
    this.carry = text.slice(at);
    this.onProgress();
  }

  /** One line, text[from, to): the shell step's own lines (the command it runs) frame the output. */
  private check(text: string, from: number, to: number): void {
    if (this.error || this.done || to === from) return;
    let value = 0;
    for (let i = from; i < to; i += 1) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return;
      value = value * 10 + digit;
    }
    if (value !== this.expected)
      this.error = `expected line ${this.expected}, got ${JSON.stringify(text.slice(from, Math.min(to, from + 40)))}`;
    this.expected += 1;
  }
}

async function readText(runId: string, offset: number, maxBytes: number): Promise<RunLogText> {
  const query = new URLSearchParams({ runId, offset: String(offset), maxBytes: String(maxBytes) });
  const response = await fetch(`${url}/log-text?${query}`);
  if (!response.ok) throw new Error(`log-text answered ${response.status}`);
  return (await response.json()) as RunLogText;
}

function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    const socket = connect(url, {
      path: '/_hangar/socket.io',
      transports: ['websocket'],
      forceNew: true,
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    sockets.push(socket);
  }
  say({ ready: true });
  const lines = createInterface({ input: process.stdin });
  const runId = await new Promise<string>((resolve) => lines.once('line', resolve));
  const errors: string[] = [];
  const sinks: CheckingSink[] = [];
  let skips = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const finished = new Promise<void>((resolve) => {
    for (const socket of sockets) {
      const sink = new CheckingSink(() => {
        if (sinks.length === CLIENTS && sinks.every((s) => s.done || s.error)) resolve();
      });
      sinks.push(sink);
      socket.on(RUN_LOG_SKIPPED_EVENT, () => (skips += 1));
      followRunLogWith(socketTransport(socket, readText), runId, sink, (message) =>
        errors.push(message),
      );
    }
  });
  await finished;
  clearInterval(sampler);
  const failed = [...errors, ...sinks.map((s) => s.error).filter((e): e is string => e !== null)];
  say({ done: true, failed, skips, peakRssMiB: Math.round(peakRss / 1024 / 1024) });
  for (const socket of sockets) socket.close();
  lines.close();
}

main().catch((error: unknown) => {
  say({ done: true, failed: [String(error)], skips: 0, peakRssMiB: 0 });
  process.exitCode = 1;
});
