// The `hangar` CLI (every command but `serve`): parses the command line and runs one command.
const HELP = `Usage: hangar [command] [options]

Commands:
  serve [--port N] [--host H] [--home DIR] [--headless] [--open] [--allow-host NAME]
                       start the Hangar server (the default command)
  help                 show this help
`;

export async function runCli(args: string[]): Promise<number> {
  const [command] = args;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`hangar: unknown command "${command}"\n\n${HELP}`);
  return 2;
}
