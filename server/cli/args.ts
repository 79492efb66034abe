// Command-line parsing for the CLI: positionals plus --flag / --flag value / --flag=value.
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(args: string[], valueFlags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const long = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const short = /^-([a-z])$/.exec(arg);
    if (long) {
      const [, name, inline] = long;
      if (inline !== undefined) flags[name] = inline;
      else if (valueFlags.has(name)) {
        const value = args[i + 1];
        if (value === undefined) throw new Error(`--${name} needs a value`);
        flags[name] = value;
        i += 1;
      } else flags[name] = true;
    } else if (short) flags[short[1]] = true;
    else positionals.push(arg);
  }
  return { positionals, flags };
}

/** A command used wrongly: exit code 2 with the message. */
export class UsageError extends Error {}
