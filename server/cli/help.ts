// Help text generated from the command table and the methods' params schemas.
import { apiMethods } from '../../lib/shared/api';
import type { CommandSpec, LocalOption } from './command';
import { EXIT_CODES_HELP } from './errors';
import { fieldsOf, valueHint, type CliField } from './schema-options';
import { BUILTIN_COMMANDS, COMMANDS, GLOBAL_OPTIONS, optionFields } from './table';

const INDENT = 26;

function row(left: string, right: string): string {
  const pad =
    left.length >= INDENT - 2 ? `\n${' '.repeat(INDENT + 2)}` : ' '.repeat(INDENT - left.length);
  return `  ${left}${pad}${right}\n`;
}

export function usageLine(spec: CommandSpec): string {
  const positionals = (spec.positionals ?? []).map((p) => (p.optional ? `[${p.label}]` : p.label));
  const hasOptions = optionFields(spec).length > 0 || Object.keys(spec.options ?? {}).length > 0;
  return ['hangar', spec.name, ...positionals, ...(hasOptions ? ['[options]'] : [])].join(' ');
}

function fieldRow(spec: CommandSpec, field: CliField): string {
  const note = spec.notes?.[field.flag];
  const hint = valueHint(field, note?.nullWords);
  const left = field.type === 'boolean' ? `--[no-]${field.flag}` : `--${field.flag} <${hint}>`;
  const facts = [
    field.type === 'boolean' ? 'boolean' : null,
    field.required ? 'required' : null,
    field.limits ?? null,
    field.default !== undefined ? `default ${JSON.stringify(field.default)}` : null,
  ].filter(Boolean);
  const text = [field.description ?? note?.help ?? '', facts.length ? `(${facts.join('; ')})` : '']
    .filter(Boolean)
    .join(' ');
  return row(left, text);
}

function localRow(name: string, option: LocalOption): string {
  const short = option.short ? `-${option.short}, ` : '';
  const value = option.type === 'string' ? ` <${option.values?.join('|') ?? 'value'}>` : '';
  return row(`${short}--${name}${value}`, option.help);
}

/** `hangar help <command>` and `hangar <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const method = spec.method ? apiMethods[spec.method] : undefined;
  const summary = spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1);
  let text = `Usage: ${usageLine(spec)}\n\n${summary}.\n`;
  if (method) text += `\n${spec.method}: ${method.description}\n`;
  const positionals = spec.positionals ?? [];
  if (positionals.length > 0) {
    text += '\nArguments:\n';
    const all = method ? fieldsOf(method.params) : [];
    for (const p of positionals) {
      const field = all.find((f) => f.path.length === 1 && f.path[0] === p.field);
      const facts = [
        field ? valueHint(field) : null,
        field?.limits,
        p.optional ? 'optional' : null,
      ];
      const known = facts.filter(Boolean);
      text += row(p.label, `${p.help}${known.length ? ` (${known.join('; ')})` : ''}`);
    }
  }
  const fields = optionFields(spec);
  const local = Object.entries(spec.options ?? {});
  if (fields.length + local.length > 0) {
    text += '\nOptions:\n';
    for (const field of fields) text += fieldRow(spec, field);
    for (const [name, option] of local) text += localRow(name, option);
  }
  text += '\nGlobal options:\n';
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS))
    if (!spec.offline || name === 'json' || name === 'help') text += localRow(name, option);
  return `${text}\n${EXIT_CODES_HELP}\n`;
}

/** Every command with its arguments and summary (hangar help and the README list this). */
export function commandList(table: readonly CommandSpec[] = COMMANDS): string {
  let text = '';
  for (const spec of table) {
    const args = (spec.positionals ?? []).map((p) => (p.optional ? `[${p.label}]` : p.label));
    text += row([spec.name, ...args].join(' '), spec.summary);
  }
  for (const [name, summary] of Object.entries(BUILTIN_COMMANDS)) text += row(name, summary);
  return text;
}

/** `hangar help`: every command with its summary. */
export function mainHelp(table: readonly CommandSpec[] = COMMANDS): string {
  let text = `Usage: hangar <command> [arguments] [options]\n\nCommands:\n${commandList(table)}`;
  text += '\nGlobal options:\n';
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) text += localRow(name, option);
  text +=
    "\nOptions of a command come from its API method's params: hangar help <command> lists them.\n";
  return `${text}\n${EXIT_CODES_HELP}\n`;
}
