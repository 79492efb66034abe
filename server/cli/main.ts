// The `hangar` CLI (every command but `serve`): parses the command line and runs one command.
import { runCheckCommand } from '../../lib/engine';
import { parseArgs, UsageError } from './args';
import { COMMANDS, type CliContext } from './commands';
import { CliRpcError, createRpcClient } from './rpc-client';

const HELP = `Usage: hangar <command> [options]

Commands:
  serve [--port N] [--host H] [--home DIR] [--headless] [--open] [--allow-host NAME]
        [--auth] [--https | --cert FILE --key FILE] [--trusted-proxy ADDR]
                          start the Hangar server (the default command); any --host beyond
                          loopback requires login (HANGAR_PASSWORD / HANGAR_TOKEN to preset)
  check DIR [--json]      check a launcher offline: load every script, render menus, plan steps
  install SOURCE [--name N] [--detach]
                          install from a git URL, a local path or a catalog id (follows the install log)
  start NAME              start an app and wait until it answers
  stop NAME               stop an app
  run NAME SCRIPT [--params JSON] [--detach]
                          run one of an app's scripts
  ps                      list apps and their state
  logs NAME|RUNID [-f]    print a run's log (-f follows it)
  info                    system information of the running Hangar
  doctor                  tools, GPUs, disk space, bind/auth status and recent failures with next steps
  diagnostics [APP]       write a diagnostics bundle (.tar.gz under logs/, secrets redacted)
  help                    show this help

Options for commands that talk to a running Hangar:
  --url URL     where Hangar runs (default $HANGAR_URL or http://127.0.0.1:42000)
  --token T     access token for a Hangar bound beyond loopback (default $HANGAR_TOKEN)
  --json        print machine-readable JSON

Exit codes: 0 success, 1 the operation failed, 2 usage error, 3 Hangar unreachable, 4 token needed.
`;

const VALUE_FLAGS = new Set(['url', 'token', 'name', 'params', 'gpu', 'platform']);

export async function runCli(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'check') return runCheckCommand(rest);
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`hangar: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs(rest, VALUE_FLAGS);
  } catch (error) {
    process.stderr.write(`hangar: ${(error as Error).message}\n`);
    return 2;
  }
  const url = String(parsed.flags.url ?? process.env.HANGAR_URL ?? 'http://127.0.0.1:42000');
  const token =
    typeof parsed.flags.token === 'string' ? parsed.flags.token : process.env.HANGAR_TOKEN;
  const context: CliContext = {
    args: parsed,
    json: parsed.flags.json === true,
    rpc: createRpcClient(url, token),
    url,
    token,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
  };
  try {
    return await handler(context);
  } catch (error) {
    if (error instanceof CliRpcError) {
      if (context.json)
        context.out(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
      else context.err(`hangar: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError) {
      context.err(`hangar: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
