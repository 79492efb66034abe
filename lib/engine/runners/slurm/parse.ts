// Pure parsers for `scontrol show ... -o`, `sinfo` and GRES strings; no process is run here.
import type { SlurmNodeInfo, SlurmPartition } from './cluster-types';

/**
 * One `scontrol show <entity> -o` line as key/value pairs. Values may hold spaces (`OS=Linux 6.1 #1 SMP`,
 * `Reason=Not responding [slurm@...]`) and `=` (`CfgTRES=cpu=2,mem=2000M`): a value runs to the next
 * ` Key=` whose key is a plain word.
 */
export function parseScontrolLine(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  const keyAt = /(?:^|\s)([A-Za-z][A-Za-z0-9_]*)=/g;
  const starts: { key: string; valueFrom: number; keyFrom: number }[] = [];
  for (let m = keyAt.exec(line); m; m = keyAt.exec(line)) {
    starts.push({ key: m[1], valueFrom: m.index + m[0].length, keyFrom: m.index });
  }
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].keyFrom : line.length;
    fields.set(s.key, line.slice(s.valueFrom, end).trim());
  });
  return fields;
}

/** Records of a `scontrol show <entity> -o` output, one per non-empty line. */
export function parseScontrolRecords(output: string): Map<string, string>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('No '))
    .map(parseScontrolLine);
}

/**
 * GPUs in a GRES string such as `gpu:2`, `gpu:a100:2(S:0-1)`, `gpu:a100:1(IDX:0),gpu:v100:0(IDX:N/A)`,
 * `gpu:0`, `(null)`: the counts of every `gpu` entry, summed (an entry without a count is one).
 */
export function parseGpuCount(gres: string | undefined): number {
  if (!gres || gres === '(null)' || gres === 'N/A') return 0;
  let total = 0;
  for (const entry of splitOutsideParens(gres)) {
    const bare = entry.replace(/\(.*\)$/, '').trim();
    const parts = bare.split(':');
    if (parts[0] !== 'gpu') continue;
    const last = parts[parts.length - 1];
    if (parts.length === 1) total += 1;
    else if (/^\d+$/.test(last)) total += Number(last);
    else if (parts.length === 2) total += 1;
    else throw new Error(`unreadable GRES count "${last}" in "${gres}"`);
  }
  return total;
}

function splitOutsideParens(text: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      entries.push(current);
      current = '';
    } else current += ch;
  }
  if (current) entries.push(current);
  return entries;
}

function listField(value: string | undefined): string[] {
  if (!value || value === '(null)') return [];
  return value.split(',').filter(Boolean);
}

function numberField(record: Map<string, string>, key: string, what: string): number {
  const raw = record.get(key);
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value)) {
    throw new Error(`${what}: field ${key} is ${raw === undefined ? 'missing' : `"${raw}"`}`);
  }
  return value;
}

/** Nodes of `scontrol -d show node -o` (`-d` adds GresUsed). */
export function parseNodes(output: string): SlurmNodeInfo[] {
  return parseScontrolRecords(output).map((r) => {
    const name = r.get('NodeName');
    if (!name) throw new Error(`scontrol show node: a line without NodeName`);
    const what = `scontrol show node ${name}`;
    const reason = r.get('Reason');
    return {
      name,
      addr: r.get('NodeAddr') || name,
      state: r.get('State') ?? 'UNKNOWN',
      ...(reason ? { reason } : {}),
      partitions: listField(r.get('Partitions')),
      cpus: { total: numberField(r, 'CPUTot', what), allocated: numberField(r, 'CPUAlloc', what) },
      memoryMb: {
        total: numberField(r, 'RealMemory', what),
        allocated: numberField(r, 'AllocMem', what),
      },
      gpus: { total: parseGpuCount(r.get('Gres')), used: parseGpuCount(r.get('GresUsed')) },
    };
  });
}

/** `sinfo -h -a -N -o '%N|%R'`: which nodes each partition has, in sinfo's order. */
export function parsePartitionMembers(output: string): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    const [node, partition] = line.trim().split('|');
    if (!node || !partition) throw new Error(`sinfo: unreadable line "${line}"`);
    const list = members.get(partition) ?? [];
    if (!list.includes(node)) list.push(node);
    members.set(partition, list);
  }
  return members;
}

/** Partitions of `scontrol show partition -o`, with node names from sinfo (already expanded). */
export function parsePartitions(output: string, members: Map<string, string[]>): SlurmPartition[] {
  return parseScontrolRecords(output).map((r) => {
    const name = r.get('PartitionName');
    if (!name) throw new Error(`scontrol show partition: a line without PartitionName`);
    return {
      name,
      default: r.get('Default') === 'YES',
      state: r.get('State') ?? 'UNKNOWN',
      nodes: members.get(name) ?? [],
      timeLimit: r.get('MaxTime') ?? 'UNLIMITED',
    };
  });
}
