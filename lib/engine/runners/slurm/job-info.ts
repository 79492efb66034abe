// What `scontrol show job -o` and `scontrol show node -o` say, as fields; and which job states are over.

/** `Key=Value Key=Value…` of one `-o` line (a value runs to the next ` Key=`; values may hold spaces). */
export function parseOneLine(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const keys = [...line.matchAll(/(?:^|\s)([A-Za-z][A-Za-z0-9:/_.]*)=/g)];
  keys.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = i + 1 < keys.length ? (keys[i + 1]!.index ?? line.length) : line.length;
    fields[match[1]!] = line.slice(start, end).trim();
  });
  return fields;
}

/** States a job does not come back from (Slurm's JOB_STATE_BASE past RUNNING). */
const ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'PREEMPTED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'BOOT_FAIL',
  'DEADLINE',
  'SPECIAL_EXIT',
]);

export function isEnded(state: string): boolean {
  return ENDED.has(state);
}

export interface JobFields {
  jobId: string;
  state: string;
  reason: string | null;
  node: string | null;
  /** `ExitCode=N:S`: the batch script's code and the signal that ended it. */
  exitCode: number | null;
  signal: number | null;
}

/** The fields of `scontrol show job -o <id>`; null when the output names no job. */
export function jobFields(output: string): JobFields | null {
  const line = output.split('\n').find((l) => l.includes('JobId='));
  if (!line) return null;
  const f = parseOneLine(line);
  const state = (f.JobState ?? 'UNKNOWN').split(/\s/)[0]!;
  const reason = f.Reason && f.Reason !== 'None' ? f.Reason : null;
  const nodes = f.BatchHost || f.NodeList;
  const [code, signal] = (f.ExitCode ?? '').split(':').map((n) => (n === '' ? null : Number(n)));
  return {
    jobId: f.JobId ?? '',
    state,
    reason,
    node: nodes && nodes !== '(null)' ? nodes : null,
    exitCode: code ?? null,
    signal: signal ?? null,
  };
}

/** The address a node is reached at (`NodeAddr`, else its name). */
export function nodeAddress(output: string): string | null {
  const f = parseOneLine(output.split('\n').find((l) => l.includes('NodeName=')) ?? '');
  return f.NodeAddr || f.NodeName || null;
}

export { describeJob } from '../../../shared/slurm-words';
