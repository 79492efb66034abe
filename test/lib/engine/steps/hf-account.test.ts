// hf.login/logout keep the token in config.json (mode 0600), checked against a loopback Hub; hf.upload runs `hf upload`.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { ScriptRunner } from '../../../../lib/engine/script/runs';
import { Settings } from '../../../../lib/engine/settings';
import { hfAccountService } from '../../../../lib/engine/steps/hf-account-service';

const GOOD = 'hf_good_token';
let root: string;
let home: HomeLayout;
let bus: EventBus;
let settings: Settings;
let runner: ScriptRunner;
let supervisor: ProcessSupervisor;
let hub: http.Server;
let endpoint: string;
let whoamiCalls: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hangar-hf-'));
  const made = await ensureHome(root);
  home = made.layout;
  bus = new EventBus();
  whoamiCalls = [];
  hub = http.createServer((req, res) => {
    if (req.url !== '/api/whoami-v2') {
      res.statusCode = 404;
      return res.end();
    }
    whoamiCalls.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `Bearer ${GOOD}`) {
      res.statusCode = 401;
      return res.end('{"error":"Invalid credentials in Authorization header"}');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name: 'ada', type: 'user' }));
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  settings = new Settings(home.config, { ...made.config, hfEndpoint: endpoint });
  supervisor = new ProcessSupervisor({ home, bus, announce: false });
  runner = new ScriptRunner({
    home,
    bus,
    stepServices: () => ({ supervisor, hfAccount: hfAccountService(settings) }),
  });
  await mkdir(path.join(home.api, 'demo'), { recursive: true });
});
afterEach(async () => {
  await runner.dispose();
  await supervisor.dispose();
  await new Promise((r) => hub.close(r));
  await rm(root, { recursive: true, force: true });
});

async function run(steps: unknown[], options: { env?: Record<string, string> } = {}) {
  const file = path.join(home.api, 'demo', `s${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify({ run: steps }));
  return (await runner.start(file, { app: 'demo', appDir: path.dirname(file), ...options })).done;
}

const onDisk = async () => JSON.parse(await readFile(home.config, 'utf8')) as { hfToken?: string };

describe('hf.login and hf.logout', () => {
  it('stores a token the Hub accepts in config.json, mode 0600, and removes it on logout', async () => {
    const bad = await run([{ method: 'hf.login', params: { token: 'hf_wrong' } }]);
    expect(bad.result).toMatchObject({ status: 'error', error: expect.stringContaining('401') });
    expect(settings.value.hfToken).toBeUndefined();

    const ok = await run([{ method: 'hf.login', params: { token: GOOD } }]);
    expect(ok.result).toEqual({ status: 'success', name: 'ada' });
    expect((await onDisk()).hfToken).toBe(GOOD);
    expect((await stat(home.config)).mode & 0o777).toBe(0o600);

    const again = await run([{ method: 'hf.login' }]);
    expect(again.result).toEqual({ status: 'success', already_logged_in: true, name: 'ada' });
    expect(whoamiCalls).toEqual(['Bearer hf_wrong', `Bearer ${GOOD}`, `Bearer ${GOOD}`]);

    const out = await run([{ method: 'hf.logout' }]);
    expect(out.result).toEqual({ status: 'success' });
    expect((await onDisk()).hfToken).toBeUndefined();
  });

  it('asks for the token in the dashboard when none is given, as an input with a password field', async () => {
    const asked = new Promise<{ runId: string; form?: unknown[] }>((resolve) =>
      bus.on('run:input', (e) => resolve(e as never)),
    );
    const done = run([{ method: 'hf.login' }]);
    const request = await asked;
    expect(JSON.stringify(request.form)).toContain('"type":"password"');
    runner.respond(request.runId, { token: GOOD });
    expect((await done).result).toEqual({ status: 'success', name: 'ada' });
    expect(settings.value.hfToken).toBe(GOOD);
  });
});

describe('hf.upload', () => {
  it('runs `hf upload` with the positional args, flags and the stored token', async () => {
    await settings.update({ hfToken: GOOD });
    const bin = path.join(root, 'fakebin');
    await mkdir(bin);
    const record = path.join(root, 'hf-args.txt');
    await writeFile(
      path.join(bin, 'hf'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}"\necho "token=$HF_TOKEN" >> "${record}"\n`,
    );
    await chmod(path.join(bin, 'hf'), 0o755);
    const out = await run(
      [
        {
          method: 'hf.upload',
          params: {
            _: ['ada/lora', 'out/model.safetensors', 'model.safetensors'],
            'commit-message': 'first upload',
            private: true,
          },
        },
      ],
      { env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } },
    );
    expect(out.error).toBeUndefined();
    expect((await readFile(record, 'utf8')).split('\n')).toEqual([
      'upload',
      'ada/lora',
      'out/model.safetensors',
      'model.safetensors',
      '--commit-message',
      'first upload',
      '--private',
      `token=${GOOD}`,
      '',
    ]);
  });
});
