import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { createDiagnosticsBundle } from '../../../../lib/engine/diagnosis/bundle';
import { redactText } from '../../../../lib/engine/audit/redact';

const SECRETS = {
  configToken: 'hf_PlantedConfigToken0123456789',
  homeEnvKey: 'sk-plantedHomeEnvironmentKey0123',
  homeEnvPlain: 'correct-horse-battery-staple',
  appEnvValue: 'app-env-passphrase-4711',
  logToken: 'hf_PlantedLogOnlyToken9876543210',
  logPassword: 'hunter2-planted-pw',
  logBearer: 'eyJplantedBearerToken.abc.def',
  urlPassword: 'urlPlantedPass99',
};

let root: string;
let home: HomeLayout;
let out: string;
let files: Map<string, string>;

async function walk(
  dir: string,
  base = dir,
  found = new Map<string, string>(),
): Promise<Map<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, base, found);
    else found.set(path.relative(base, full), await readFile(full, 'utf8'));
  }
  return found;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hangar-bundle-'));
  ({ layout: home } = await ensureHome(path.join(root, 'home')));
  const config = JSON.parse(await readFile(home.config, 'utf8'));
  await writeFile(home.config, JSON.stringify({ ...config, hfToken: SECRETS.configToken }));
  await writeFile(
    path.join(home.root, 'ENVIRONMENT'),
    `# keys\nOPENAI_API_KEY=${SECRETS.homeEnvKey}\nMY_PHRASE="${SECRETS.homeEnvPlain}"\nHF_HOME=./cache/HF_HOME\n`,
  );
  await mkdir(path.join(home.api, 'demo'), { recursive: true });
  await writeFile(
    path.join(home.api, 'demo', 'ENVIRONMENT'),
    `GRADIO_SHARE_PASS=${SECRETS.appEnvValue}\n`,
  );
  const logFile = path.join(home.logs, 'runs', 'run-1.log');
  await mkdir(path.dirname(logFile), { recursive: true });
  await writeFile(
    logFile,
    [
      'Installing...',
      `export HF_TOKEN=${SECRETS.logToken}`,
      `login --password ${SECRETS.logPassword}`,
      `password: ${SECRETS.logPassword}`,
      `Authorization: Bearer ${SECRETS.logBearer}`,
      `git clone https://someone:${SECRETS.urlPassword}@github.com/org/private.git`,
      `echo ${SECRETS.homeEnvPlain} and ${SECRETS.appEnvValue}`,
      'OSError: [Errno 28] No space left on device',
    ].join('\n'),
  );
  const bundle = await createDiagnosticsBundle({
    home,
    app: 'demo',
    runs: [
      {
        runId: 'run-1',
        script: path.join(home.api, 'demo', 'install.json'),
        status: 'failed',
        startedAt: 1,
        logFile,
      },
    ],
    versions: { hangar: 'test', node: process.version },
    doctor: { tools: [], server: { host: '127.0.0.1', port: 42000, auth: false } },
  });
  out = path.join(root, 'extracted');
  await mkdir(out);
  expect(path.dirname(bundle.file)).toBe(home.logs);
  expect(bundle.file).toMatch(/\.tar\.gz$/);
  await extract({ file: bundle.file, cwd: out });
  files = await walk(out);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the diagnostics bundle', () => {
  it('holds config, versions, doctor report, ENVIRONMENT files and the app log', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        'ENVIRONMENT',
        'apps/demo/ENVIRONMENT',
        'apps/demo/logs/run-1.log',
        'apps/demo/runs.json',
        'config.json',
        'doctor.json',
        'manifest.json',
        'versions.json',
      ].sort(),
    );
    expect(files.get('apps/demo/logs/run-1.log')).toContain('No space left on device');
    expect(files.get('ENVIRONMENT')).toContain('OPENAI_API_KEY=[redacted]');
    expect(files.get('ENVIRONMENT')).toContain('# keys');
    expect(JSON.parse(files.get('config.json')!)).toMatchObject({
      hfToken: '[redacted]',
      stopTimeoutMs: 5000,
    });
  });

  it('contains none of the secrets planted in the config, the ENVIRONMENT files or the logs', () => {
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const [file, text] of files)
        expect(text.includes(secret), `${name} leaked into ${file}`).toBe(false);
    }
  });
});

describe('redaction of text', () => {
  it('keeps ordinary output readable', () => {
    const text =
      'Downloading model.safetensors (2.1 GB)\nRunning on local URL:  http://127.0.0.1:7860';
    expect(redactText(text)).toBe(text);
  });
});
