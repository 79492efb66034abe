// The runner's failure hook: a diagnosis for a failed run from its error and the last lines of its output.
import type { RunDiagnosis } from '../../shared/events';
import type { ToolRegistry } from '../tools/registry';
import { diagnose } from './diagnose';

export interface RunFailure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** The run's recent output. */
  output: string;
}

/** Builds the runner's `diagnose` hook bound to a tool registry and a home. */
export function runFailureDiagnoser(
  registry: ToolRegistry,
  home: string,
): (failure: RunFailure) => Promise<RunDiagnosis | null> {
  const installCommand = async (id: Parameters<ToolRegistry['status']>[0]) =>
    (await registry.status(id)).install?.command ?? null;
  return async (failure) => {
    if (failure.code === 'missing_tool') return missingToolDiagnosis(failure);
    // The output is read first: its line is the evidence worth quoting. The engine's own message (which may quote
    // that line too) is read only when the output explains nothing.
    const context = { installCommand, home };
    const found =
      (await diagnose(failure.output, context)) ?? (await diagnose(failure.message, context));
    return found
      ? {
          id: found.id,
          explanation: found.explanation,
          nextStep: found.nextStep,
          evidence: found.evidence,
        }
      : null;
  };
}

function missingToolDiagnosis(failure: RunFailure): RunDiagnosis {
  const missing = Array.isArray(failure.details?.missing)
    ? (failure.details.missing as Array<{ title?: string; command?: string | null; hint?: string }>)
    : [];
  const commands = missing.map((m) => m.command).filter((c): c is string => typeof c === 'string');
  const names = missing
    .map((m) => m.title)
    .filter(Boolean)
    .join(', ');
  return {
    id: 'missing_tool',
    explanation: `This launcher needs ${names || 'tools'} that ${missing.length === 1 ? 'is' : 'are'} not installed, so it stopped before its first step.`,
    nextStep:
      commands.length > 0
        ? `Install ${missing.length === 1 ? 'it' : 'them'} with \`${commands.join(' && ')}\` (in a terminal), then try again.`
        : missing
            .map((m) => m.hint)
            .filter(Boolean)
            .join(' ') || 'Install the missing tools, then try again.',
  };
}
