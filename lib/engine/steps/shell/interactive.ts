// shell.run `input: true`: Pinokio's interactive shell. The user types into it, it stays open after the command.
import type { CommandSpec } from './prepare';

/**
 * After the command an interactive bash takes over the terminal, as Pinokio keeps an `input: true` shell at its
 * prompt instead of killing it. The step ends when the user leaves that shell (`exit`), or when an `on` handler
 * ends the wait. A newline, not `;`, ends the command, so a trailing comment or `&` cannot swallow the tail.
 */
export function interactiveSpec(spec: CommandSpec): CommandSpec {
  return { ...spec, args: [`${spec.args[0]}\nexec bash --noprofile --norc -i`] };
}

/** An interactive bash ignores SIGTERM; a hangup ends it, as closing a terminal does. */
export const INTERACTIVE_STOP_SIGNAL: NodeJS.Signals = 'SIGHUP';
