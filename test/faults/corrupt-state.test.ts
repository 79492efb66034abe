// Corrupt state files: each is kept aside as <file>.corrupt-<time> with its bytes, and reported naming the file and
// the field. A bad apps.json or config.json stops the start; bad records of processes, downloads, GPU pins, import
// jobs or update checks do not.
import { access, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../lib/engine/errors';
import { parseServerConfig } from '../../server/config';
import { startHangar } from '../../server/hangar-server';
import { appRecord } from '../helpers/app-record';
import { writeTestConfig } from '../helpers/port-range';
import { rpcCall } from '../helpers/rpc';
import { makeTempDir } from '../helpers/temp-dir';
import { expectDrillInvariants, sha256 } from './invariants';

const repoRoot = path.resolve(__dirname, '../..');

async function newHome(): Promise<string> {
  const home = path.join(await makeTempDir('hangar-corrupt-'), 'home');
  await writeTestConfig(home);
  await mkdir(path.join(home, 'cache', 'state'), { recursive: true });
  return home;
}

async function startOn(home: string) {
  return startHangar(parseServerConfig(['--port', '0', '--home', home, '--headless'], {}), {
    ui: false,
    dir: repoRoot,
  });
}

async function failedStart(home: string): Promise<EngineError> {
  const outcome = await startOn(home).then(
    async (hangar) => {
      await hangar.close();
      return new Error('Hangar started on a corrupt state file');
    },
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(EngineError);
  return outcome as EngineError;
}

async function keptCopies(file: string): Promise<string[]> {
  const names = await readdir(path.dirname(file));
  return names
    .filter((n) => n.startsWith(`${path.basename(file)}.corrupt-`))
    .map((n) => path.join(path.dirname(file), n));
}

async function gone(file: string): Promise<boolean> {
  return access(file).then(
    () => false,
    () => true,
  );
}

describe('a corrupt state file', () => {
  const fatal: Array<[string, string, string, string | null]> = [
    ['apps.json of [{}]', 'cache/state/apps.json', '[{}]', '0.name'],
    [
      'apps.json with a state "weird"',
      'cache/state/apps.json',
      JSON.stringify([
        { ...appRecord('a', { source: { kind: 'folder', location: '/a' } }), state: 'weird' },
      ]),
      '0.state',
    ],
    ['apps.json that is not JSON', 'cache/state/apps.json', '[{"name":', null],
    [
      'config.json with a wrong type',
      'config.json',
      JSON.stringify({ version: 1, stopTimeoutMs: 'soon' }),
      'stopTimeoutMs',
    ],
    ['config.json that is not JSON', 'config.json', '{"version": 1,,}', null],
  ];

  for (const [what, rel, text, field] of fatal) {
    it(`stops the start on ${what}, naming the file, the field and the copy kept aside`, async () => {
      const home = await newHome();
      const file = path.join(home, rel);
      await writeFile(file, text);
      const error = await failedStart(home);
      expect(error.code).toBe(rel === 'config.json' ? 'config_invalid' : 'state_corrupt');
      expect(error.message).toContain(file);
      if (field) expect(error.message).toContain(`at ${field}:`);
      else expect(error.message).toContain('is not valid JSON');
      const kept = await keptCopies(file);
      expect(kept).toHaveLength(1);
      expect(error.message).toContain(kept[0]);
      expect(path.basename(kept[0]!)).toMatch(/\.corrupt-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await gone(file)).toBe(true);
      await expectDrillInvariants({ home, files: { [kept[0]!]: sha256(text) } });
    });
  }

  it('keeps an earlier copy when the same file is bad twice', async () => {
    const home = await newHome();
    const file = path.join(home, 'cache/state/apps.json');
    await writeFile(file, 'first');
    await failedStart(home);
    await writeFile(file, 'second');
    await failedStart(home);
    const kept = await keptCopies(file);
    expect((await Promise.all(kept.map((k) => readFile(k, 'utf8')))).sort()).toEqual([
      'first',
      'second',
    ]);
    await expectDrillInvariants({ home });
  });

  it('starts without bad processes.json, downloads.json, gpu-pins.json, imports.json and update-checks.json, keeps them aside and reports each', async () => {
    const home = await newHome();
    const state = path.join(home, 'cache/state');
    const files = {
      'processes.json': JSON.stringify({ version: 1, processes: [{ id: 'p', pid: 'many' }] }),
      'downloads.json': '{"version":1,"downloads":[{"id"',
      'gpu-pins.json': JSON.stringify({ comfy: [0, 1], other: 'all' }),
      'imports.json': JSON.stringify({ version: 1, jobs: [{ id: 'j', state: 'halfway' }] }),
      'update-checks.json': '{"version":1,"checks":[',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(state, name), text);
    const hangar = await startOn(home);
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => (closing ??= hangar.close());
    const keptBytes: Record<string, string> = {};
    try {
      const doctor = await rpcCall(hangar.url, 'system.doctor');
      for (const [name, text] of Object.entries(files)) {
        const file = path.join(state, name);
        const kept = await keptCopies(file);
        expect(kept, name).toHaveLength(1);
        keptBytes[kept[0]!] = sha256(text);
        const problem = doctor.problems.find((p) => p.startsWith(`${file} `));
        expect(problem, `a problem naming ${file}`).toBeDefined();
        expect(problem).toContain(kept[0]);
      }
      expect(doctor.problems.find((p) => p.includes('processes.json'))).toContain(
        'at processes.0.',
      );
      expect(doctor.problems.find((p) => p.includes('gpu-pins.json'))).toContain('at other:');
      expect(await rpcCall(hangar.url, 'downloads.list')).toEqual([]);
      expect(await rpcCall(hangar.url, 'models.imports', {})).toEqual([]);
      expect(await rpcCall(hangar.url, 'apps.updates', {})).toEqual([]);
      await expectDrillInvariants({ home, url: hangar.url, afterStop: close, files: keptBytes });
    } finally {
      await close();
    }
  });
});
