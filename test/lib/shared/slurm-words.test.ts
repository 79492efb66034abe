// Slurm's codes in words: a job's state and reason, a node's state with its flags, a partition's state and limit.
import { describe, expect, it } from 'vitest';
import {
  describeJob,
  jobWords,
  nodeStateWords,
  partitionStateWords,
  partitionTimeWords,
  slurmSays,
} from '../../../lib/shared/slurm-words';

const job = (state: string, reason: string | null = null, node: string | null = null) => ({
  state,
  reason,
  node,
});

describe('Slurm words', () => {
  it.each([
    [job('PENDING', 'Resources'), 'queued: waiting for free resources'],
    [job('PENDING', 'Priority'), 'queued: other jobs go first'],
    [job('PENDING', 'QOSMaxGRESPerUser'), 'queued: you are using all the GPUs you may'],
    [job('PENDING', 'SomethingNew'), 'queued: SomethingNew'],
    [job('PENDING', 'None'), 'queued'],
    [job('RUNNING', null, 'n1'), 'running on n1'],
    [job('CONFIGURING', null, 'n1'), 'its node is getting ready'],
    [job('NODE_FAIL'), 'its node failed'],
    [job('TIMEOUT'), 'reached its time limit'],
    [job('STRANGE_STATE'), 'STRANGE_STATE'],
  ])('job %o reads %s', (status, words) => {
    expect(jobWords(status)).toBe(words);
  });

  it("keeps Slurm's own words beside them for messages and tooltips", () => {
    expect(slurmSays(job('PENDING', 'Resources'))).toBe('PENDING, Resources');
    expect(describeJob(job('NODE_FAIL'))).toBe('its node failed (NODE_FAIL)');
    expect(describeJob(job('RUNNING', null, 'n2'))).toBe('running on n2 (RUNNING)');
  });

  it.each([
    ['IDLE', 'free'],
    ['MIXED', 'partly in use'],
    ['ALLOCATED', 'fully in use'],
    ['IDLE+DRAIN', 'free, drained'],
    ['DOWN*', 'down, not responding'],
    ['mixed', 'partly in use'],
    ['NEWSTATE', 'newstate'],
  ])('node state %s reads %s', (state, words) => {
    expect(nodeStateWords(state)).toBe(words);
  });

  it('reads a partition’s state and time limit', () => {
    expect(partitionStateWords('UP')).toBe('up');
    expect(partitionStateWords('DOWN')).toBe('down');
    expect(partitionStateWords('DRAIN')).toBe('drained');
    expect(partitionTimeWords('UNLIMITED')).toBe('none');
    expect(partitionTimeWords('1-00:00:00')).toBe('1 d');
    expect(partitionTimeWords('30:00')).toBe('30 min');
  });
});
