// Turns a failed run's output into a diagnosis: which known error it is, what happened, and the next step.
import { stripAnsi } from '../processes/log-ring';
import { findPortOwner } from '../processes/port-owner';
import type { ToolId } from '../tools/tool-specs';
import { KNOWN_ERRORS, type KnownError, type KnownErrorId } from './known-errors';

export interface Diagnosis {
  id: KnownErrorId;
  explanation: string;
  nextStep: string;
  /** The output line that matched. */
  evidence: string;
}

export interface KnownErrorMatch {
  error: KnownError;
  groups: string[];
  /** Offset of the match in the (ANSI-stripped) output. */
  index: number;
  evidence: string;
}

export interface DiagnoseContext {
  /** Looks up who listens on a port (default: /proc on Linux). */
  portOwner?: (port: number) => Promise<{ pid: number; command: string | null } | null>;
  /** Install command of a tool on this machine, when a package manager present can install it. */
  installCommand?: (tool: ToolId) => Promise<string | null>;
  /** The Hangar home, named in disk advice. */
  home?: string;
}

/** The known error whose last occurrence comes latest in the output (the final error usually explains the failure). */
export function matchKnownError(output: string): KnownErrorMatch | null {
  const text = stripAnsi(output);
  let best: KnownErrorMatch | null = null;
  for (const error of KNOWN_ERRORS) {
    let latest: RegExpExecArray | null = null;
    let detailed: RegExpExecArray | null = null;
    for (const pattern of error.patterns) {
      const last = lastMatch(text, pattern);
      if (!last) continue;
      if (!latest || last.index > latest.index) latest = last;
      // Groups come from the latest match that captured any (generic patterns capture nothing).
      if (last.slice(1).some((g) => g) && (!detailed || last.index > detailed.index))
        detailed = last;
    }
    if (latest && (!best || latest.index > best.index)) {
      const groups = (detailed ?? latest).slice(1).filter((g): g is string => g !== undefined);
      best = { error, groups, index: latest.index, evidence: lineAt(text, latest.index) };
    }
  }
  return best;
}

export async function diagnose(
  output: string,
  context: DiagnoseContext = {},
): Promise<Diagnosis | null> {
  const match = matchKnownError(output);
  if (!match) return null;
  const { error, groups } = match;
  let portOwner: { pid: number; command: string | null } | null = null;
  if (error.id === 'port_in_use' && groups[0] && /^\d+$/.test(groups[0])) {
    portOwner = await (context.portOwner ?? findPortOwner)(Number(groups[0])).catch(() => null);
  }
  const install =
    error.tool && context.installCommand ? await context.installCommand(error.tool) : null;
  const { explanation, nextStep } = error.explain({
    groups,
    portOwner,
    install,
    home: context.home,
  });
  return { id: error.id, explanation, nextStep, evidence: match.evidence };
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | null {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  let last: RegExpExecArray | null = null;
  for (let m = global.exec(text); m; m = global.exec(text)) {
    last = m;
    if (m[0] === '') global.lastIndex++;
  }
  return last;
}

function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text
    .slice(start, end < 0 ? undefined : end)
    .trim()
    .slice(0, 500);
}
