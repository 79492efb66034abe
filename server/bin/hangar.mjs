#!/usr/bin/env node
// The `hangar` command: `serve` (the default) runs the production server; other commands run the CLI.
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const first = args[0];
const isServe =
  first === undefined || first === 'serve' || (first.startsWith('--') && first !== '--help');

if (isServe) {
  if (first === 'serve') process.argv.splice(2, 1);
  await import('./start.mjs');
} else {
  const { ensureCli, CLI_BUNDLE } = await import('./build.mjs');
  await ensureCli();
  const { main } = createRequire(import.meta.url)(CLI_BUNDLE);
  // Exits once stdout and stderr have drained (a reader on a pipe gets the whole output).
  await main(args);
}
