// `on[]` output handlers of shell.run: "/regex/flags" events with done/kill/break, plus Pinokio's default error breaks.
import { EngineError } from '../errors';

export interface OnHandler {
  source: string;
  regex: RegExp;
  done: boolean;
  kill: boolean;
  break: boolean;
}

const DEFAULTS = [
  { event: '/error:.*triton/i', break: false },
  { event: '/error:/i', break: true },
  { event: '/errno /i', break: true },
];

function toRegex(event: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(event);
  try {
    if (m) return new RegExp(m[1], m[2].replace('g', ''));
    return new RegExp(event.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  } catch (error) {
    throw new EngineError('invalid_params', `shell.run: "${event}" is not a valid regular expression`, { cause: error });
  }
}

/** User handlers first (they can mask a default with `break: false`), then the defaults. */
export function compileHandlers(on: unknown): OnHandler[] {
  const items = Array.isArray(on) ? on : [];
  const all = [...items, ...DEFAULTS].filter((h): h is Record<string, unknown> => !!h && typeof h === 'object' && typeof (h as { event?: unknown }).event === 'string');
  return all.map((h) => ({
    source: String(h.event),
    regex: toRegex(String(h.event)),
    done: h.done === true,
    kill: h.kill === true,
    break: h.break === true,
  }));
}

/** First handler whose pattern matches; a matching `break: false` handler masks the ones after it. */
export function matchHandlers(handlers: OnHandler[], text: string): { handler: OnHandler; match: RegExpMatchArray } | null {
  for (const handler of handlers) {
    const match = text.match(handler.regex);
    if (!match) continue;
    if (!handler.done && !handler.kill && !handler.break) return null;
    return { handler, match };
  }
  return null;
}
