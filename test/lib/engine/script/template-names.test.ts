// The template names Pinokio publishes from its system info, seen by a real run's steps.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome } from '../../../../lib/engine/home';
import { torchInstallCommand } from '../../../../lib/engine/script/pip-vars';
import { ScriptRunner } from '../../../../lib/engine/script/runs';
import type { SystemSnapshot } from '../../../../lib/shared/system';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function snapshot(driver: string): SystemSnapshot {
  return {
    platform: os.platform(),
    arch: os.arch(),
    gpu: 'nvidia',
    gpus: [
      {
        name: 'nvidia',
        model: 'nvidia geforce rtx 4090',
        driver,
        memoryMiB: 24564,
        target: 'sm_89',
      },
    ],
    gpu_model: 'nvidia geforce rtx 4090',
    vram: 24,
    ram: Math.round(os.totalmem() / 1024 ** 3),
  };
}

async function runWith(
  driver: string,
  script: unknown,
  seeLog?: (text: string) => void,
): Promise<unknown> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-names-'));
  const { layout: home } = await ensureHome(root);
  const runner = new ScriptRunner({ home, bus: new EventBus(), system: () => snapshot(driver) });
  cleanups.push(async () => {
    await runner.dispose();
    await rm(root, { recursive: true, force: true });
  });
  const appDir = path.join(home.api, 'demo');
  await mkdir(appDir, { recursive: true });
  const file = path.join(appDir, 'check.json');
  await writeFile(file, JSON.stringify(script));
  const { runId, done } = await runner.start(file);
  const result = await done;
  expect(result.error ?? null).toBeNull();
  seeLog?.(runner.logText(runId).text);
  return result.result;
}

/** A launcher's guard: warn when the NVIDIA driver is older than 560. */
const driverGuard = {
  run: [
    { method: 'local.set', params: { warning: 'none' } },
    {
      when: "{{gpu === 'nvidia' && Number(gpu_driver.split('.')[0]) < 560}}",
      method: 'local.set',
      params: { warning: 'NVIDIA driver too old ({{gpu_driver}})' },
    },
    { method: 'script.return', params: '{{local.warning}}' },
  ],
};

describe('system template names', () => {
  it('gpu_driver drives a launcher warning about an old NVIDIA driver', async () => {
    expect(await runWith('550.54.14', driverGuard)).toBe('NVIDIA driver too old (550.54.14)');
    expect(await runWith('570.86.10', driverGuard)).toBe('none');
  });

  it('publishes gpu_target, cpu, mem, system, graphics and proxy(port) as Pinokio does', async () => {
    const value = (await runWith('570.86.10', {
      run: [
        {
          method: 'script.return',
          params: {
            target: '{{gpu_target}}',
            cores: '{{cpu.cores}}',
            memTotal: '{{mem.total}}',
            machine: '{{typeof system.model}}',
            vendor: '{{graphics.controllers[0].vendor}}',
            proxy: '{{proxy(7860)}}',
            lodash: '{{_.capitalize(platform)}}',
            shell: '{{shell}}',
            torch: '{{pip.install.torch}}',
          },
        },
      ],
    })) as Record<string, unknown>;
    expect(value).toEqual({
      target: 'sm_89',
      cores: os.cpus().length,
      memTotal: os.totalmem(),
      machine: 'string',
      vendor: 'NVIDIA',
      proxy: 'http://localhost:7860',
      lodash: os.platform().charAt(0).toUpperCase() + os.platform().slice(1),
      shell: process.env.SHELL ?? '/bin/sh',
      torch: torchInstallCommand(snapshot('570.86.10')),
    });
  });

  it('runs a step whose when throws, as Pinokio does, and says so in the run log', async () => {
    let log = '';
    const value = await runWith(
      '570.86.10',
      {
        run: [
          { when: '{{ local.none.deep }}', method: 'local.set', params: { ran: 'yes' } },
          { method: 'script.return', params: '{{local.ran}}' },
        ],
      },
      (text) => (log = text),
    );
    expect(value).toBe('yes');
    expect(log).toMatch(
      /step 1: when \{\{ local\.none\.deep \}\} failed \(.+\); the step runs, as on Pinokio/,
    );
  });
});
