// hf.download when the Hub cannot be asked: the shared cache answers for what it holds, and only for that.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { DEFAULT_COMMIT } from '../../../../helpers/servers/hf-server';
import { hfWorldPerTest } from './step-context';

describe('hf.download without the Hub', () => {
  const w = hfWorldPerTest();
  const weights = randomBytes(40_000);
  const config = Buffer.from('{"offline":true}');

  async function download(params: object, ctx: StepContext) {
    return downloadSteps['hf.download']!.run(params, ctx, soloStepRequest('hf.download', params));
  }

  async function seed(): Promise<string> {
    w.hf.repos.set('org/m', {
      files: { 'w.safetensors': { body: weights, lfs: true }, 'cfg/config.json': { body: config } },
    });
    const ctx = await w.t.context('first', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/m' }, ctx);
    return w.hf.endpoint;
  }

  it('a reinstall while the Hub is unreachable links every cached file and fetches nothing', async () => {
    const endpoint = await seed();
    await w.server.stop();
    const ctx = await w.t.context('second', { env: { HF_ENDPOINT: endpoint } });
    const result = (await download({ repo: 'org/m', 'local-dir': 'models' }, ctx)) as {
      commit: string;
      files: string[];
    };
    expect(result.commit).toBe(DEFAULT_COMMIT);
    const dir = path.join(w.t.home.api, 'second', 'models');
    expect(await readFile(path.join(dir, 'w.safetensors'))).toEqual(weights);
    expect(await readFile(path.join(dir, 'cfg', 'config.json'))).toEqual(config);
    const blob = path.join(w.t.home.cache, 'HF_HOME', 'hub', 'models--org--m', 'blobs');
    const linked = await stat(path.join(dir, 'w.safetensors'));
    const stored = await stat(path.join(blob, createHash('sha256').update(weights).digest('hex')));
    expect(linked.ino).toBe(stored.ino);
  });

  it('HF_HUB_OFFLINE answers from the cache without a request; a file the cache lacks fails by name', async () => {
    const endpoint = await seed();
    const before = w.server.requests.length;
    const ctx = await w.t.context('third', {
      env: { HF_ENDPOINT: endpoint, HF_HUB_OFFLINE: '1' },
    });
    await download({ repo: 'org/m', files: ['cfg/config.json'], 'local-dir': 'm' }, ctx);
    expect(w.server.requests.length).toBe(before);
    expect(await readFile(path.join(w.t.home.api, 'third', 'm', 'cfg', 'config.json'))).toEqual(
      config,
    );
    await expect(download({ repo: 'org/m', files: ['absent.bin'] }, ctx)).rejects.toThrow(
      /HF_HUB_OFFLINE is set.*"absent\.bin" of org\/m is not in the cache/,
    );
    await expect(download({ repo: 'org/other' }, ctx)).rejects.toThrow(/HF_HUB_OFFLINE is set/);
    expect(w.server.requests.length).toBe(before);
  });

  it('a refusal from the Hub is not hidden by the cache', async () => {
    const endpoint = await seed();
    w.hf.repos.get('org/m')!.token = 'secret';
    const ctx = await w.t.context('fourth', { env: { HF_ENDPOINT: endpoint } });
    await expect(download({ repo: 'org/m' }, ctx)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
