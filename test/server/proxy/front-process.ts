// Runs the proxy front (harness) as its own process for benchmarks: `front-process.ts <name> <app port>`.
// Prints one JSON line {"port":N} once it listens; SIGTERM closes it.
import { startFront } from './harness';

async function main(): Promise<void> {
  const [name, port] = process.argv.slice(2);
  if (!name || !port) throw new Error('usage: front-process.ts <name> <app port>');
  const front = await startFront();
  front.register(name, Number(port));
  process.stdout.write(`${JSON.stringify({ port: front.port })}\n`);
  process.on('SIGTERM', () => void front.close().then(() => process.exit(0)));
}

void main();
