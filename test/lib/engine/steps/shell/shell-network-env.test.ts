// Apps reach the network as Hangar does: the proxy setting and the Hugging Face mirror are in their environment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setNetworkSource } from '../../../../../lib/engine/network';
import { shellSteps } from '../../../../../lib/engine/steps/shell';
import type { DownloadServices } from '../../../../../lib/engine/steps/downloads/services';
import { createRun, request, type TestRun } from './step-context';

const shellRun = shellSteps['shell.run']!;
let current: TestRun | null = null;
let restore: (() => void) | null = null;
const saved = { ...process.env };

// The machine's own proxy variables would otherwise show through.
beforeEach(() => {
  for (const name of ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'hf_endpoint']) {
    delete process.env[name];
    delete process.env[name.toUpperCase()];
  }
});

afterEach(async () => {
  process.env = { ...saved };
  restore?.();
  restore = null;
  await current?.dispose();
  current = null;
});

async function envLine(hfEndpoint: string | undefined, params: Record<string, unknown> = {}) {
  const t = await createRun();
  current = t;
  const downloads = { settings: () => ({ hfEndpoint }) } as unknown as DownloadServices;
  t.ctx.services = { ...t.ctx.services, downloads };
  const step = {
    message: 'echo "[$https_proxy|$HTTP_PROXY|$no_proxy|$HF_ENDPOINT]"',
    ...params,
  };
  const result = (await shellRun.run(step, t.ctx, request(step))) as { stdout: string };
  return /\[(.*)\]/.exec(result.stdout)?.[1];
}

describe('the network settings in an app environment', () => {
  it('passes the proxy setting (both cases), the joined NO_PROXY and the mirror as HF_ENDPOINT', async () => {
    restore = setNetworkSource(() => ({ proxy: 'http://u:p@proxy.test:3128', noProxy: 'corp' }));
    expect(await envLine('https://mirror.test/')).toBe(
      'http://u:p@proxy.test:3128|http://u:p@proxy.test:3128|corp|https://mirror.test',
    );
  });

  it('sets nothing without settings, and the launcher env still wins', async () => {
    restore = setNetworkSource(() => ({}));
    expect(await envLine(undefined)).toBe('|||');
    restore();
    restore = setNetworkSource(() => ({ proxy: 'http://proxy.test:1' }));
    expect(await envLine('https://mirror.test', { env: { HF_ENDPOINT: 'https://own.test' } })).toBe(
      'http://proxy.test:1|http://proxy.test:1||https://own.test',
    );
  });
});
