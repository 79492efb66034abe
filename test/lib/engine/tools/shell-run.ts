// Test helper of the tool tests: a fresh run per test (disposed after it) and `shell.run` steps in it.
import { afterEach } from 'vitest';
import { shellSteps } from '../../../../lib/engine/steps/shell';
import { createRun, request, type TestRun } from '../steps/shell/step-context';

/** Registers the clean-up and answers a function that starts this test's run. */
export function runPerTest(): () => Promise<TestRun> {
  let current: TestRun | null = null;
  afterEach(async () => {
    await current?.dispose();
    current = null;
  });
  return async () => (current = await createRun());
}

/** Runs one `shell.run` step with `params` in the run. */
export const exec = (t: TestRun, params: Record<string, unknown>) =>
  shellSteps['shell.run']!.run(params, t.ctx, request(params)) as Promise<{
    stdout: string;
    exitCode: number;
  }>;

/** The run's info lines (what Hangar said about the step), as one text. */
export const info = (t: TestRun): string =>
  t.logs
    .filter((l) => l.stream === 'info')
    .map((l) => l.text)
    .join('');
