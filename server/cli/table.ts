// The CLI's command table: every command, the options each takes (from its method's params schema), and lookup.
import { apiMethods } from '../../lib/shared/api';
import type { CommandSpec, LocalOption } from './command';
import { checkCommand } from './command-check';
import { appCommands } from './commands-apps';
import { clusterCommands } from './commands-cluster';
import { runCommands } from './commands-runs';
import { modelCommands } from './commands-models';
import { systemCommands } from './commands-system';
import { fieldsOf, type CliField } from './schema-options';

export const COMMANDS: readonly CommandSpec[] = [
  ...appCommands,
  ...runCommands,
  checkCommand,
  ...systemCommands,
  ...modelCommands,
  ...clusterCommands,
];

/** Commands main.ts answers itself (not in the table: they print the table). */
export const BUILTIN_COMMANDS = {
  serve: 'start the Hangar server (the default command; see hangar serve --help)',
  help: 'show help for all commands, or for one: hangar help <command>',
  completion: 'print a shell completion script: source <(hangar completion bash|zsh)',
} as const;

export const GLOBAL_OPTIONS: Readonly<Record<string, LocalOption>> = {
  url: {
    type: 'string',
    help: 'where Hangar runs (default $HANGAR_URL or http://127.0.0.1:42000)',
  },
  token: {
    type: 'string',
    help: 'access token for a Hangar that requires login (default $HANGAR_TOKEN)',
  },
  json: { type: 'boolean', help: "print the API's result as JSON" },
  help: { type: 'boolean', short: 'h', help: 'show help for the command' },
};

/** The params fields a command offers as --options (its positionals and hidden fields excluded). */
export function optionFields(spec: CommandSpec): CliField[] {
  if (!spec.method) return [];
  const positional = new Set(spec.positionals?.map((p) => p.field).filter(Boolean));
  const hidden = new Set(spec.hiddenFields ?? []);
  return fieldsOf(apiMethods[spec.method].params).filter(
    (field) => !positional.has(field.path[0]) && !hidden.has(field.flag),
  );
}

/** Group words ("settings", "runs") and their subcommands, in table order. */
export function groups(table: readonly CommandSpec[] = COMMANDS): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const spec of table) {
    const [group, sub] = spec.name.split(' ');
    if (sub) result.set(group, [...(result.get(group) ?? []), sub]);
  }
  return result;
}

/** The first words of every command (groups once), then the built-ins. */
export function topLevelWords(table: readonly CommandSpec[] = COMMANDS): string[] {
  const words = [...new Set(table.map((spec) => spec.name.split(' ')[0]))];
  return [...words, ...Object.keys(BUILTIN_COMMANDS)];
}

export type Lookup =
  | { spec: CommandSpec; rest: string[] }
  | { group: string; subs: string[]; wrong?: string }
  | undefined;

/** The command `words` select; a group word alone selects its first subcommand. */
export function findCommand(words: readonly string[], table = COMMANDS): Lookup {
  const [first, second] = words;
  const exact = table.find((spec) => spec.name === `${first} ${second}`);
  if (exact) return { spec: exact, rest: words.slice(2) };
  const single = table.find((spec) => spec.name === first);
  if (single) return { spec: single, rest: words.slice(1) };
  const subs = groups(table).get(first ?? '');
  if (!subs) return undefined;
  if (second === undefined || second.startsWith('-')) {
    const spec = table.find((s) => s.name === `${first} ${subs[0]}`);
    return spec ? { spec, rest: words.slice(1) } : undefined;
  }
  return { group: first, subs, wrong: second };
}
