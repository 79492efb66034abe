// Turns a failed Slurm command into an EngineError that says what went wrong and what to check.
import { EngineError } from '../../errors';

export type SlurmFailure =
  'munge_refused' | 'munge_unreachable' | 'controller_unreachable' | 'failed';

/** Which failure a Slurm command's stderr shows. */
export function classifySlurmStderr(stderr: string): SlurmFailure {
  if (/Invalid authentication credential|Zero Bytes were transmitted or received/i.test(stderr)) {
    return 'munge_refused';
  }
  if (/munge|Protocol authentication error/i.test(stderr)) return 'munge_unreachable';
  if (/Unable to contact slurm controller/i.test(stderr)) return 'controller_unreachable';
  return 'failed';
}

export function slurmCommandError(
  tool: string,
  args: string[],
  stderr: string,
  slurmConf: string | undefined,
): EngineError {
  const failure = classifySlurmStderr(stderr);
  const conf = slurmConf
    ? `SLURM_CONF=${slurmConf}`
    : "Slurm's default slurm.conf (no SLURM_CONF set)";
  const said = stderr.trim().split('\n').slice(-3).join(' | ');
  const details = { tool, args, failure, stderr: stderr.trim(), slurmConf };
  switch (failure) {
    case 'munge_refused':
      return new EngineError(
        'not_available',
        `${tool}: slurmctld refused this host's munge credential (${said}). Check that every host of the ` +
          `cluster has the same munge key as this one and that the clocks agree, and that ${conf} is this cluster's.`,
        { details },
      );
    case 'munge_unreachable':
      return new EngineError(
        'not_available',
        `${tool}: no munge credential could be made on this host (${said}). Check that munged runs here, ` +
          `on the socket slurm.conf's AuthInfo names, and that ${conf} is the cluster's.`,
        { details },
      );
    case 'controller_unreachable':
      return new EngineError(
        'not_available',
        `${tool}: the Slurm controller does not answer (${said}). Check that slurmctld runs and that ` +
          `SlurmctldHost and SlurmctldPort in ${conf} are reachable from this host.`,
        { details },
      );
    default:
      return new EngineError(
        'step_failed',
        `${tool} ${args.join(' ')} failed: ${said || 'no output'}`,
        {
          details,
        },
      );
  }
}
