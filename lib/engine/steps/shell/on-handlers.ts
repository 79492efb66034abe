// `on[]` output handlers: "/regex/flags" events matched live against ANSI-stripped output, with Pinokio's defaults.
import { EngineError } from '../../errors';
import { stripAnsi } from '../../processes/log-ring';
import { asText } from '../schemas';

export interface OnHandler {
  source: string;
  regex: RegExp;
  done: boolean;
  kill: boolean;
  /** true: fail the step; false: mask the pattern (and the defaults after it). */
  break: boolean | undefined;
  trigger?: string;
  notify?: unknown;
  /** shell.enter: value (template over `event`) returned when matched. */
  return?: unknown;
  hasReturn: boolean;
  once: boolean;
  fired: boolean;
}

/** Always appended after the script's own handlers, as Pinokio does. */
const DEFAULTS = [
  { event: '/error:.*triton/i', break: false },
  { event: '/error:/i', break: true },
  { event: '/errno /i', break: true },
];

export function toRegex(event: string): RegExp {
  const m = /^\/([\s\S]*)\/([a-z]*)$/.exec(event);
  try {
    if (m) return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
    return new RegExp(event.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  } catch (error) {
    throw new EngineError('invalid_params', `"${event}" is not a valid regular expression`, {
      cause: error,
    });
  }
}

export function compileHandlers(on: unknown, withDefaults = true): OnHandler[] {
  const items = Array.isArray(on) ? on : on && typeof on === 'object' ? [on] : [];
  const all = [...items, ...(withDefaults ? DEFAULTS : [])];
  return all
    .filter(
      (h): h is Record<string, unknown> =>
        !!h && typeof h === 'object' && typeof (h as { event?: unknown }).event === 'string',
    )
    .map((h) => ({
      source: String(h.event),
      regex: toRegex(String(h.event)),
      done: h.done === true,
      kill: h.kill === true,
      break: typeof h.break === 'boolean' ? h.break : undefined,
      trigger: typeof h.trigger === 'string' ? h.trigger : undefined,
      notify: h.notify,
      return: h.return,
      hasReturn: 'return' in h,
      once: h.once === true,
      fired: false,
    }));
}

export interface Hit {
  handler: OnHandler;
  match: RegExpMatchArray;
}

/**
 * Keeps a rolling window (300 chars, like Pinokio) of cleaned output and reports handler hits.
 * After a hit the window is cleared so one line does not fire twice.
 */
export class OutputWatcher {
  private window = '';

  constructor(
    private readonly handlers: OnHandler[],
    private readonly size = 300,
  ) {}

  /**
   * The cleaned output, or as much of its end as can reach the window: cleaning from a line start near the end
   * gives the same last characters (terminal escapes do not span lines in practice), so a 1 MiB burst is not
   * cleaned whole for the window's 300 characters.
   */
  private cleanTail(data: string): string {
    if (data.length > this.size * 8) {
      const from = data.indexOf('\n', data.length - this.size * 8);
      const tail = from < 0 ? '' : clean(data.slice(from + 1));
      if (tail.length >= this.size) return tail;
    }
    return clean(data);
  }

  /** Feeds output; returns the hits in order (an ending handler — done, kill, break, return — is the last hit). */
  feed(data: string): Hit[] {
    this.window = (this.window + this.cleanTail(data)).slice(-this.size);
    const hits: Hit[] = [];
    let masked = false;
    for (const handler of this.handlers) {
      if (handler.once && handler.fired) continue;
      if (masked && handler.break === true) continue;
      const match = this.window.match(handler.regex);
      if (!match) continue;
      // break:false without an action masks the break handlers after it (Pinokio's defaults included).
      if (
        handler.break === false &&
        !handler.done &&
        !handler.kill &&
        !handler.trigger &&
        !handler.notify &&
        !handler.hasReturn
      ) {
        masked = true;
        continue;
      }
      handler.fired = true;
      hits.push({ handler, match });
      if (isEnding(handler)) break;
    }
    if (hits.length > 0) this.window = '';
    return hits;
  }
}

function clean(text: string): string {
  return stripAnsi(text).replace(/\r\n?/g, '\n');
}

export function isEnding(handler: OnHandler): boolean {
  return handler.done || handler.kill || handler.break === true || handler.hasReturn;
}

/** Renders a `{{ … }}` template over `event` (JS expressions, as in Pinokio). A whole-string template keeps its type. */
export function renderEventTemplate(value: unknown, event: RegExpMatchArray): unknown {
  if (typeof value !== 'string') return value;
  const scope = {
    event: Object.assign([...event], {
      matches: [[...event]],
      index: event.index,
      input: event.input,
    }),
  };
  const evaluate = (expr: string): unknown => {
    try {
      // Pinokio's templates are JavaScript expressions over the match, by design.
      // oxlint-disable-next-line typescript/no-implied-eval
      return new Function('event', `return (${expr});`)(scope.event) as unknown;
    } catch {
      // Unresolvable expressions stay as written, like the step templates.
      return undefined;
    }
  };
  const whole = /^\s*\{\{([\s\S]+?)\}\}\s*$/.exec(value);
  if (whole) {
    const result = evaluate(whole[1]!);
    return result === undefined ? value : result;
  }
  return value.replace(/\{\{([\s\S]+?)\}\}/g, (all, expr: string) => {
    const result = evaluate(expr);
    return result === undefined ? all : asText(result);
  });
}
