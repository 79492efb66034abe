#!/usr/bin/env node
// The `hangar` command: `serve` (the default) runs the production server; other commands run the CLI.
const args = process.argv.slice(2);
const first = args[0];
const isServe = first === undefined || first === 'serve' || (first.startsWith('--') && first !== '--help');

if (isServe) {
  if (first === 'serve') process.argv.splice(2, 1);
  await import('./start.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../cli/main.ts');
  process.exitCode = await runCli(args);
}
