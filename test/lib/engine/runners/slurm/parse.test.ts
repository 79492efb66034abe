// The cluster view's parsers on output captured from a real cluster (test/helpers/slurm/capture-fixtures.mts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseGpuCount,
  parseNodes,
  parsePartitionMembers,
  parsePartitions,
  parseScontrolLine,
} from '../../../../../lib/engine/runners/slurm/parse';

const FIXTURES = path.join(import.meta.dirname, '../../../../fixtures/slurm');

function captured(scenario: string) {
  const read = (name: string) => readFileSync(path.join(FIXTURES, scenario, `${name}.txt`), 'utf8');
  const members = parsePartitionMembers(read('members'));
  return {
    partitions: parsePartitions(read('partitions'), members),
    nodes: parseNodes(read('nodes')),
  };
}

describe('Slurm output parsers', () => {
  it('reads an idle cluster: one default partition, two nodes with two free GPUs each', () => {
    const { partitions, nodes } = captured('idle');
    expect(partitions).toEqual([
      { name: 'gpu', default: true, state: 'UP', nodes: ['n1', 'n2'], timeLimit: 'UNLIMITED' },
    ]);
    expect(nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
    for (const node of nodes) {
      expect(node.addr).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(node).toMatchObject({
        state: 'IDLE',
        partitions: ['gpu'],
        cpus: { total: 2, allocated: 0 },
        memoryMb: { total: 2000, allocated: 0 },
        gpus: { total: 2, used: 0 },
      });
      expect(node.reason).toBeUndefined();
    }
  });

  it('reads typed GPUs in use, a second partition with a time limit, a full node', () => {
    const { partitions, nodes } = captured('busy');
    expect(partitions).toEqual([
      { name: 'gpu', default: true, state: 'UP', nodes: ['n1', 'n2'], timeLimit: 'UNLIMITED' },
      { name: 'short', default: false, state: 'UP', nodes: ['n1'], timeLimit: '00:30:00' },
    ]);
    expect(nodes[0]).toMatchObject({
      name: 'n1',
      state: 'MIXED',
      partitions: ['gpu', 'short'],
      cpus: { total: 2, allocated: 1 },
      memoryMb: { total: 2000, allocated: 500 },
      gpus: { total: 2, used: 1 },
    });
    expect(nodes[1]).toMatchObject({
      name: 'n2',
      state: 'ALLOCATED',
      cpus: { total: 2, allocated: 2 },
      memoryMb: { total: 2000, allocated: 2000 },
      gpus: { total: 2, used: 2 },
    });
  });

  it("keeps Slurm's words and reasons for a drained node and a node whose slurmd died", () => {
    const { nodes } = captured('degraded');
    expect(nodes[0].state).toBe('IDLE+DRAIN');
    expect(nodes[0].reason).toMatch(/^maintenance \[root@/);
    expect(nodes[1].state).toBe('DOWN+NOT_RESPONDING');
    expect(nodes[1].reason).toMatch(/^Not responding \[root@/);
    expect(nodes[1].gpus).toEqual({ total: 2, used: 0 });
  });

  it('keeps values that hold spaces or = signs whole', () => {
    const fields = parseScontrolLine(
      'NodeName=n1 OS=Linux 6.1.0 #1 SMP PREEMPT_DYNAMIC  RealMemory=2000 CfgTRES=cpu=2,mem=2000M Reason=a b (c) [x@y]',
    );
    expect(fields.get('OS')).toBe('Linux 6.1.0 #1 SMP PREEMPT_DYNAMIC');
    expect(fields.get('CfgTRES')).toBe('cpu=2,mem=2000M');
    expect(fields.get('Reason')).toBe('a b (c) [x@y]');
    expect(fields.get('RealMemory')).toBe('2000');
  });

  it('counts GPUs in every GRES form', () => {
    expect(parseGpuCount('gpu:2')).toBe(2);
    expect(parseGpuCount('gpu:0')).toBe(0);
    expect(parseGpuCount('gpu:a100:2(S:0-1)')).toBe(2);
    expect(parseGpuCount('gpu:a100:1(IDX:0)')).toBe(1);
    expect(parseGpuCount('gpu:a100:0(IDX:N/A)')).toBe(0);
    expect(parseGpuCount('gpu:a100:2(IDX:0,2),gpu:v100:1(IDX:1)')).toBe(3);
    expect(parseGpuCount('gpu:a100:4(S:0),mps:100,shard:8')).toBe(4);
    expect(parseGpuCount('gpu')).toBe(1);
    expect(parseGpuCount('gpu:tesla')).toBe(1);
    expect(parseGpuCount('(null)')).toBe(0);
    expect(parseGpuCount(undefined)).toBe(0);
    expect(() => parseGpuCount('gpu:a100:2x')).toThrow(
      /unreadable GRES count "2x" in "gpu:a100:2x"/,
    );
  });

  it('names the field and node when a number is unreadable', () => {
    expect(() => parseNodes('NodeName=n9 CPUTot=two CPUAlloc=0 RealMemory=1 AllocMem=0')).toThrow(
      'scontrol show node n9: field CPUTot is "two"',
    );
    expect(() => parseNodes('NodeName=n9 CPUTot=2 RealMemory=1 AllocMem=0')).toThrow(
      'scontrol show node n9: field CPUAlloc is missing',
    );
  });
});
