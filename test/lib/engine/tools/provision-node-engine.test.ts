// Through the whole engine: a launcher whose `requires` names a Node version the machine lacks gets it in bin/
// before step 1, its shell runs it, the run log shows the progress and `hangar doctor` lists it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../lib/engine';
import { formatDoctorReport } from '../../../../lib/engine/diagnosis/doctor';
import { waitFor } from '../../../helpers/processes';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const machineMajor = Number(process.versions.node.split('.')[0]);
const wanted = String(machineMajor === 22 ? 20 : 22);
const pkg = `node-${process.platform}-${process.arch}`;

describe('a launcher that requires a Node version', () => {
  it('runs on the Node Hangar provisions, with the progress in its log and the record in doctor', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-node-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const engine = await Engine.create({ home, version: 'test' });
    cleanups.push(() => engine.dispose());
    const dir = path.join(engine.layout.api, 'nodeapp');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'install.json'),
      JSON.stringify({
        requires: { bundle: 'javascript', node: wanted },
        run: [{ method: 'shell.run', params: { message: 'node -v && npm -v' } }],
      }),
    );
    const { runId } = await engine.runner.start(path.join(dir, 'install.json'), { app: 'nodeapp' });
    await waitFor(
      () => ['finished', 'failed'].includes(engine.runner.get(runId)?.status ?? ''),
      'the run to end',
      240_000,
    );
    const run = engine.runner.get(runId)!;
    const log = await readFile(run.logFile, 'utf8');
    expect(run.status, log).toBe('finished');
    expect(log).toContain(`this launcher needs Node ${wanted}`);
    expect(log).toContain(
      `fetching ${pkg}@${wanted} from the npm registry into ${engine.layout.bin}`,
    );
    const version = new RegExp(`^v(${wanted}\\.\\d+\\.\\d+)\\r?$`, 'm').exec(log)?.[1];
    expect(version, log).toBeDefined();
    const doctor = formatDoctorReport(await engine.diagnosis.doctor());
    expect(doctor).toContain(`node     ${version}  `);
    expect(doctor).toContain(`from npm ${pkg}@${version}`);
  }, 300_000);
});
