// Benchmark: bytes a second app's identical model costs (installed at the same time, after, or from another URL
// with a known hash) against a plain second download (the file's size). Counted at a loopback server.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventBus } from '../../lib/engine/events';
import { ensureHome } from '../../lib/engine/home';
import { createDownloadServices, downloadSteps } from '../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../lib/engine/steps/step-request';
import type { StepContext } from '../../lib/engine/steps/types';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { stepContext } from '../lib/engine/steps/step-context';
import { round, type Benchmark, type BenchResult } from './harness';

const SIZE = 64 << 20;

function sent(server: FileServer, p: string): number {
  return server.requestsFor(p).reduce((sum, r) => sum + r.sent, 0);
}

async function benchDriveDedupe(): Promise<BenchResult> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const root = await mkdtemp(path.join(base, 'hangar-bench-drive-'));
  const server = await startFileServer();
  const { layout: home } = await ensureHome(root);
  const services = createDownloadServices(home, new EventBus(), () => ({}));
  const context = async (app: string): Promise<StepContext> => {
    const appDir = path.join(home.api, app);
    await mkdir(appDir, { recursive: true });
    return stepContext({
      runId: `run-${app}`,
      home,
      app,
      appDir,
      script: 'install.js',
      signal: new AbortController().signal,
      log: () => undefined,
      env: async () => ({}),
      services: { downloads: services },
    });
  };
  const install = async (app: string, params: Record<string, unknown>): Promise<void> => {
    await downloadSteps['fs.download']!.run(
      params,
      await context(app),
      soloStepRequest('fs.download', params),
    );
  };
  try {
    const model = randomBytes(SIZE);
    const sha256 = createHash('sha256').update(model).digest('hex');
    server.files.set('/a/model.safetensors', { body: model });
    server.files.set('/b/model.safetensors', { body: model });
    server.files.set('/mirror/model.safetensors', { body: model });
    const dir = 'models/checkpoints';
    // Two apps installing the same model at the same time: one transfer for both.
    const started = performance.now();
    await Promise.all([
      install('comfy', { url: server.url('/a/model.safetensors'), dir }),
      install('forge', { url: server.url('/a/model.safetensors'), dir }),
    ]);
    const concurrentSecs = (performance.now() - started) / 1000;
    const concurrent = sent(server, '/a/model.safetensors') - SIZE;
    // A third app later, same URL; a fourth from another URL naming the same sha256.
    await install('fooocus', { url: server.url('/a/model.safetensors'), dir });
    const later = sent(server, '/a/model.safetensors') - SIZE;
    await install('invoke', { url: server.url('/mirror/model.safetensors'), dir, sha256 });
    const otherUrl = sent(server, '/mirror/model.safetensors');
    const ours = Math.max(concurrent, later, otherUrl);
    const usage = await services.drive.usage();
    return {
      bench: 'drive-dedupe',
      ours,
      baseline: SIZE,
      ratio: round(SIZE / Math.max(ours, 1)),
      unit: 'bytes fetched for a second app (baseline: the file size); ratio = baseline / max(ours, 1)',
      concurrentInstallExtraBytes: concurrent,
      laterInstallBytes: later,
      otherUrlKnownHashBytes: otherUrl,
      concurrentInstallSecs: round(concurrentSecs),
      apps: Object.keys(usage.perApp).length,
      storedBytes: usage.storedBytes,
      savedBytes: usage.savedBytes,
    };
  } finally {
    await services.manager.dispose();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [{ name: 'drive-dedupe', run: benchDriveDedupe }];
