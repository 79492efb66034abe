// Slurm's codes for jobs, nodes and partitions in words a person reads ("queued: waiting for free resources"). Slurm's
// own word stays beside them (a tooltip in the UI, a parenthesis in messages) for whoever asks the cluster's admins.
import type { JobStatus } from './placement';
import { slurmTimeWords } from './placement';

const JOB_STATES: Record<string, string> = {
  PENDING: 'queued',
  REQUEUED: 'queued again',
  CONFIGURING: 'its node is getting ready',
  RUNNING: 'running',
  SUSPENDED: 'suspended',
  COMPLETING: 'ending',
  COMPLETED: 'ended',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMEOUT: 'reached its time limit',
  PREEMPTED: 'made way for a job that goes first',
  NODE_FAIL: 'its node failed',
  BOOT_FAIL: 'its node failed to boot',
  OUT_OF_MEMORY: 'ran out of memory',
  DEADLINE: 'missed its deadline',
};

/** Why a job waits (squeue's REASON), for the reasons a user meets. */
const PENDING_REASONS: Record<string, string> = {
  Resources: 'waiting for free resources',
  Priority: 'other jobs go first',
  Dependency: 'waiting for another job',
  BeginTime: 'waiting for its start time',
  JobHeldUser: 'held (release it or stop it)',
  JobHeldAdmin: 'held by an administrator',
  ReqNodeNotAvail: 'the nodes it needs are not available',
  PartitionDown: 'its partition is down',
  PartitionInactive: 'its partition is inactive',
  PartitionNodeLimit: 'it asks for more nodes than its partition has',
  PartitionTimeLimit: "its time limit is over the partition's",
  QOSMaxGRESPerUser: 'you are using all the GPUs you may',
  AssocGrpGRES: 'your account is using all the GPUs it may',
  QOSMaxJobsPerUserLimit: 'you are running all the jobs you may',
  AssocMaxJobsLimit: 'your account is running all the jobs it may',
  Licenses: 'waiting for a licence',
  Reservation: 'waiting for its reservation',
  NodeDown: 'a node it needs is down',
  BadConstraints: 'no node can ever meet its request',
};

/** What Slurm itself says of a job: "PENDING, Resources", "RUNNING". */
export function slurmSays(status: Pick<JobStatus, 'state' | 'reason'>): string {
  return status.reason && status.reason !== 'None'
    ? `${status.state}, ${status.reason}`
    : status.state;
}

/**
 * A job's status in words: "queued: waiting for free resources", "running on n1", "its node failed". An unknown state
 * or reason reads as Slurm says it.
 */
export function jobWords(status: Pick<JobStatus, 'state' | 'reason' | 'node'>): string {
  const state = JOB_STATES[status.state] ?? status.state;
  if (status.state === 'RUNNING') return status.node ? `running on ${status.node}` : state;
  const reason = status.reason && status.reason !== 'None' ? status.reason : null;
  if (!reason) return state;
  return `${state}: ${PENDING_REASONS[reason] ?? reason}`;
}

/** A job's status for a log line or a message: the words, then Slurm's own. */
export function describeJob(status: Pick<JobStatus, 'state' | 'reason' | 'node'>): string {
  return `${jobWords(status)} (${slurmSays(status)})`;
}

const NODE_STATES: Record<string, string> = {
  IDLE: 'free',
  MIXED: 'partly in use',
  ALLOCATED: 'fully in use',
  COMPLETING: 'ending jobs',
  DOWN: 'down',
  DRAIN: 'drained',
  DRAINED: 'drained',
  DRAINING: 'draining',
  FAIL: 'failed',
  FAILING: 'failing',
  FUTURE: 'not yet in service',
  MAINT: 'in maintenance',
  RESERVED: 'reserved',
  UNKNOWN: 'unknown',
  POWERED_DOWN: 'powered down',
  POWERING_UP: 'powering up',
};

/**
 * A node's state in words: "partly in use", "down, not responding". Slurm joins flags with "+" (IDLE+DRAIN) and marks a
 * node that does not answer with "*".
 */
export function nodeStateWords(state: string): string {
  const silent = state.endsWith('*');
  const parts = state
    .replace(/\*$/, '')
    .split('+')
    .filter(Boolean)
    .map((p) => NODE_STATES[p.toUpperCase()] ?? p.toLowerCase());
  return [...parts, ...(silent ? ['not responding'] : [])].join(', ');
}

/** A partition's state ("up", "down", "draining") and time limit ("none", "1 d") in words. */
export function partitionStateWords(state: string): string {
  return state.toUpperCase() === 'UP' ? 'up' : nodeStateWords(state);
}

export function partitionTimeWords(limit: string): string {
  if (/^(UNLIMITED|INFINITE)$/i.test(limit)) return 'none';
  return /^[\d:-]+$/.test(limit) ? slurmTimeWords(limit) : limit;
}
