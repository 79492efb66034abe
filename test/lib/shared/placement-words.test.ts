// A Slurm placement as the launch options' summary says it: units on every number, Slurm's time forms in words.
import { describe, expect, it } from 'vitest';
import { describePlacement, slurmTimeWords } from '../../../lib/shared/placement';

describe('placement words', () => {
  it.each([
    ['10', '10 min'],
    ['90', '90 min'],
    ['5:30', '5 min 30 s'],
    ['2:30:00', '2 h 30 min'],
    ['1-12', '1 d 12 h'],
    ['1-00:30', '1 d 30 min'],
    ['2-01:02:03', '2 d 1 h 2 min 3 s'],
    ['0', 'no'],
  ])('time %s is %s', (time, words) => {
    expect(slurmTimeWords(time)).toBe(words);
  });

  it('names every number with its unit', () => {
    expect(describePlacement({ runner: 'local' })).toBe('local');
    expect(describePlacement({ runner: 'slurm', gpus: 2, time: '10' })).toBe(
      'Slurm: default partition, 2 GPUs, 10 min limit',
    );
    expect(
      describePlacement({
        runner: 'slurm',
        partition: 'gpu',
        gpus: 1,
        cpus: 8,
        memory: '16G',
        time: '0',
        account: 'lab',
      }),
    ).toBe('Slurm: partition gpu, 1 GPU, 8 CPUs, 16 GB memory, no limit, account lab');
    expect(describePlacement({ runner: 'slurm', memory: '2048' })).toBe(
      'Slurm: default partition, 2048 MB memory',
    );
  });
});
