// shell.run `message`: a string, an array (one shell each, or joined with `chain`), or an argv object.
import { EngineError } from '../../errors';
import { asText } from '../schemas';

const UNRESOLVED = /^\s*\{\{[\s\S]*\}\}\s*$/;
const CHAIN: Record<string, string> = { '&': ' && ', '|': ' || ', '*': ' ; ' };

/** POSIX shell quoting of one argument. */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** yargs-unparser style: `{_: [cmd, …], flag: value}` → one quoted command line. */
export function argvToCommand(argv: Record<string, unknown>): string {
  const keep = (v: unknown): boolean =>
    v !== undefined && v !== null && !(typeof v === 'string' && UNRESOLVED.test(v));
  const positional = (Array.isArray(argv._) ? argv._ : [])
    .filter(keep)
    .map((v) => shellQuote(String(v)));
  const parts = [...positional];
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || !keep(value)) continue;
    const flag = key.startsWith('-') ? key : key.length === 1 ? `-${key}` : `--${key}`;
    const values = Array.isArray(value) ? value.filter(keep) : [value];
    for (const v of values) {
      if (v === true) parts.push(flag);
      else if (v === false) parts.push(flag.startsWith('--') ? `--no-${flag.slice(2)}` : flag);
      else parts.push(flag, shellQuote(String(v)));
    }
  }
  if (positional.length === 0 && parts.length === 0)
    throw new EngineError('invalid_params', 'shell.run: the argv message has no command in "_"');
  return parts.join(' ');
}

function one(item: unknown): string | null {
  if (item === undefined || item === null || item === false) return null;
  if (typeof item === 'string') return item.trim() === '' ? null : item;
  if (typeof item === 'number') return String(item);
  if (typeof item === 'object' && !Array.isArray(item))
    return argvToCommand(item as Record<string, unknown>);
  throw new EngineError(
    'invalid_params',
    `shell.run: cannot run a message of type ${Array.isArray(item) ? 'nested array' : typeof item}`,
  );
}

/** The command lines to run, each in a fresh shell, in order. */
export function commandsOf(message: unknown, chain?: unknown): string[] {
  if (message === undefined || message === null)
    throw new EngineError(
      'invalid_params',
      'shell.run needs "message" (a string, an array or an argv object)',
    );
  const items = (Array.isArray(message) ? message : [message])
    .map(one)
    .filter((c): c is string => c !== null);
  if (chain === undefined || chain === null || chain === false || items.length < 2) return items;
  const joiner = CHAIN[chain === true ? '&' : asText(chain)];
  if (!joiner)
    throw new EngineError(
      'invalid_params',
      `shell.run: chain must be "&", "|" or "*", not ${JSON.stringify(chain)}`,
    );
  return [items.join(joiner)];
}
