// The `exec` step's child is recorded before it runs (its token is in processes.json at its first instruction) and
// its record goes when it ends.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execSteps } from '../../../../lib/engine/steps/exec';
import { descendants, waitFor } from '../../../helpers/processes';
import { createRun, request, type TestRun } from './shell/step-context';

let current: TestRun | null = null;

afterEach(async () => {
  await current?.dispose();
  current = null;
  await waitFor(async () => (await descendants()).length === 0, 'no process left', 3000);
});

describe('exec', () => {
  it('runs with its record on disk from its first instruction, and the record goes when it ends', async () => {
    current = await createRun();
    const file = path.join(current.ctx.home.state, 'processes.json');
    const params = {
      message: `grep -q "\\"token\\": \\"$HANGAR_PROC\\"" '${file}' && echo RECORD-FOUND || echo RECORD-MISSING; echo "owner=$HANGAR_OWNER"`,
    };
    const out = (await execSteps.exec!.run(params, current.ctx, request(params))) as {
      stdout: string;
    };
    expect(out.stdout).toContain('RECORD-FOUND');
    expect(out.stdout).toContain(`owner=${current.ctx.home.root}`);
    const records = JSON.parse(await readFile(file, 'utf8')) as {
      processes: unknown[];
      pending: unknown[];
    };
    expect(records).toMatchObject({ processes: [], pending: [] });
  });
});
