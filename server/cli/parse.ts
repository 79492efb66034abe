// One command's arguments through util.parseArgs: global options, the method's params as options, positionals.
import { parseArgs } from 'node:util';
import type { CommandInput, CommandSpec, LocalOption } from './command';
import { UsageError } from './errors';
import { paramsFrom, parseArgsOptions, type OptionSpec } from './schema-options';
import { GLOBAL_OPTIONS, optionFields } from './table';

export interface ParsedCommand extends CommandInput {
  globals: { url?: string; token?: string; json: boolean; help: boolean };
}

function localOptions(options: Readonly<Record<string, LocalOption>>): Record<string, OptionSpec> {
  return Object.fromEntries(
    Object.entries(options).map(([name, option]) => [
      name,
      { type: option.type, ...(option.short ? { short: option.short } : {}) },
    ]),
  );
}

export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const fields = optionFields(spec);
  const local = spec.options ?? {};
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...localOptions(GLOBAL_OPTIONS),
        ...parseArgsOptions(fields),
        ...localOptions(local),
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0], spec.name);
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[]>;
  const globals = {
    url: values.url as string | undefined,
    token: values.token as string | undefined,
    json: values.json === true,
    help: values.help === true,
  };
  if (globals.help) return { globals, params: {}, options: {}, args: [] };

  const nullWords = Object.fromEntries(
    Object.entries(spec.notes ?? {}).flatMap(([flag, note]) =>
      note.nullWords ? [[flag, note.nullWords]] : [],
    ),
  );
  const params = paramsFrom(fields, values, nullWords);
  for (const field of fields)
    if (field.required && values[field.flag] === undefined)
      throw new UsageError(`missing --${field.flag}`, spec.name);

  const positionals = spec.positionals ?? [];
  const args: string[] = [];
  parsed.positionals.forEach((value, index) => {
    const positional = positionals[index];
    if (!positional) throw new UsageError(`unexpected argument "${value}"`, spec.name);
    if (positional.field) params[positional.field] = value;
    else args.push(value);
  });
  const missing = positionals.slice(parsed.positionals.length).find((p) => !p.optional);
  if (missing) throw new UsageError(`missing ${missing.label} (${missing.help})`, spec.name);

  const options: Record<string, string | boolean | undefined> = {};
  for (const [name, option] of Object.entries(local)) {
    const value = values[name] as string | boolean | undefined;
    if (option.values && typeof value === 'string' && !option.values.includes(value))
      throw new UsageError(
        `--${name} must be one of ${option.values.join(', ')}, got "${value}"`,
        spec.name,
      );
    options[name] = value;
  }
  return { globals, params, options, args };
}
