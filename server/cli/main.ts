// The `hangar` CLI (every command but `serve`): selects a command from the table, parses its arguments, runs it,
// and maps failures to exit codes. `main` also waits until stdout and stderr are flushed before the process exits.
import type { CliContext } from './command';
import { bashScript, COMPLETE_APPS, SHELLS, zshScript } from './completion';
import { EXIT, UsageError } from './errors';
import { commandHelp, mainHelp } from './help';
import { parseCommand } from './parse';
import { CliRpcError, createRpcClient } from './rpc-client';
import { COMMANDS, findCommand } from './table';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

function processIo(): CliIo {
  // Bound now: `check` sends a launcher's own writes to process.stdout elsewhere while it runs.
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  return {
    out: (text) => void out(text),
    err: (text) => void err(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}

function builtin(args: readonly string[], io: CliIo): number | undefined {
  const [command, topic, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    io.out(mainHelp());
    return EXIT.ok;
  }
  if (command === 'help') {
    if (topic === undefined) io.out(mainHelp());
    else {
      const found = findCommand([topic, ...rest]);
      if (!found) throw new UsageError(`no command "${[topic, ...rest].join(' ')}"`);
      io.out('spec' in found ? commandHelp(found.spec) : groupHelp(found.group, found.subs));
    }
    return EXIT.ok;
  }
  if (command === 'completion') {
    if (topic !== 'bash' && topic !== 'zsh')
      throw new UsageError(`completion needs a shell: ${SHELLS.join(' or ')}`);
    io.out(topic === 'bash' ? bashScript(COMMANDS) : zshScript(COMMANDS));
    return EXIT.ok;
  }
  return undefined;
}

function groupHelp(group: string, subs: readonly string[]): string {
  return `Usage: hangar ${group} <${subs.join('|')}> ...\n\n${subs
    .map((sub) => commandHelp(COMMANDS.find((spec) => spec.name === `${group} ${sub}`)!))
    .join('\n')}`;
}

async function completeApps(io: CliIo): Promise<number> {
  const url = io.env.HANGAR_URL ?? 'http://127.0.0.1:42000';
  const apps = await createRpcClient(url, io.env.HANGAR_TOKEN).call('apps.list');
  io.out(apps.map((app) => `${app.name}\n`).join(''));
  return EXIT.ok;
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const done = builtin(args, io);
  if (done !== undefined) return done;
  if (args[0] === COMPLETE_APPS[0] && args[1] === COMPLETE_APPS[1]) return completeApps(io);
  const found = findCommand(args);
  if (!found) throw new UsageError(`unknown command "${args[0]}"; see hangar help`);
  if (!('spec' in found))
    throw new UsageError(
      `unknown command "${found.group} ${found.wrong}"; ${found.group} has: ${found.subs.join(', ')}`,
    );
  const { spec } = found;
  const parsed = parseCommand(spec, found.rest);
  if (parsed.globals.help) {
    io.out(commandHelp(spec));
    return EXIT.ok;
  }
  const url = parsed.globals.url ?? io.env.HANGAR_URL ?? 'http://127.0.0.1:42000';
  const token = parsed.globals.token ?? io.env.HANGAR_TOKEN;
  const context: CliContext = {
    json: parsed.globals.json,
    rpc: createRpcClient(url, token),
    url,
    token,
    out: io.out,
    err: io.err,
    isTty: io.isTty,
  };
  try {
    return await spec.run(context, parsed);
  } catch (error) {
    if (!(error instanceof CliRpcError)) throw error;
    if (context.json)
      io.out(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    else io.err(`hangar: ${error.message}\n`);
    return error.exitCode;
  }
}

/** Runs one command line; returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`hangar: ${error.message}\n`);
      io.err(error.command ? `Usage: see hangar help ${error.command}\n` : 'See hangar help.\n');
      return EXIT.usage;
    }
    if (error instanceof CliRpcError) {
      if (args[0] !== COMPLETE_APPS[0]) io.err(`hangar: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (a pipe may be slow to read). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/** The process entry: runs the command, waits for stdout and stderr to drain, then exits with its code. */
export async function main(args: readonly string[]): Promise<never> {
  let code: number;
  try {
    code = await runCli(args);
  } catch (error) {
    process.stderr.write(
      `hangar: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    code = EXIT.failed;
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
