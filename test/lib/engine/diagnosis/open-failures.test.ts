// The doctor's problems list a failure until a later run of the same script goes past it: a stale "failed" line for
// an app that is running since its Retry would send the user after a problem that is gone.
import { describe, expect, it } from 'vitest';
import { openFailures, type RunTrace } from '../../../../lib/engine/diagnosis/doctor';
import type { DoctorFailure } from '../../../../lib/shared/diagnosis';

const failure = (runId: string, app: string, script: string, endedAt: number): DoctorFailure => ({
  runId,
  app,
  script,
  endedAt,
  code: 'step_failed',
  message: `${script} failed`,
  diagnosis: null,
});
const run = (
  runId: string,
  app: string,
  script: string,
  status: string,
  startedAt: number,
): RunTrace => ({ runId, app, script, status, startedAt });

describe('openFailures', () => {
  const start = failure('r1', 'one', '/api/one/start.json', 100);
  const install = failure('r2', 'two', '/api/two/install.json', 100);

  it('clears a failure once a later run of the same script runs or finishes', () => {
    const runs = [
      run('r1', 'one', '/api/one/start.json', 'failed', 50),
      run('r3', 'one', '/api/one/start.json', 'running', 200),
      run('r2', 'two', '/api/two/install.json', 'failed', 50),
      run('r4', 'two', '/api/two/install.json', 'finished', 300),
    ];
    expect(openFailures([start, install], runs)).toEqual([]);
  });

  it('keeps it while later runs failed too or were stopped, and for runs of other scripts or apps', () => {
    const runs = [
      run('r1', 'one', '/api/one/start.json', 'failed', 50),
      run('r3', 'one', '/api/one/start.json', 'failed', 200),
      run('r5', 'one', '/api/one/start.json', 'stopped', 300),
      run('r6', 'one', '/api/one/reset.json', 'finished', 300),
      run('r7', 'three', '/api/one/start.json', 'running', 300),
      run('r8', 'one', '/api/one/start.json', 'finished', 10),
    ];
    expect(openFailures([start], runs)).toEqual([start]);
  });
});
