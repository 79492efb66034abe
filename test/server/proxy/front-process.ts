// Runs the proxy front (harness) as its own process for benchmarks: `front-process.ts <name> <app port> [origin|path]`.
// Prints one JSON line {"port":N} once it listens; SIGTERM closes it.
import { startFront } from './harness';

async function main(): Promise<void> {
  const [name, port, mode = 'path'] = process.argv.slice(2);
  if (!name || !port) throw new Error('usage: front-process.ts <name> <app port> [origin|path]');
  const front = await startFront({ originRouting: mode === 'origin' });
  front.register(name, Number(port));
  process.stdout.write(`${JSON.stringify({ port: front.port })}\n`);
  process.on('SIGTERM', () => void front.close().then(() => process.exit(0)));
}

void main();
