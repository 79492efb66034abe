// Apps started by Hangar see the drive through their own settings: a real app process reports the environment and
// arguments it got (COMMANDLINE_ARGS or flags for A1111/Forge, OLLAMA_MODELS and HF_HOME for every app), and a
// ComfyUI-like app finds its extra_model_paths.yaml merged with the user's own section, a text-generation-webui-like
// one reads --model-dir from its CMD_FLAGS.txt as it starts.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTGEN_MARK } from '../../lib/engine/apps/app-drive-textgen';
import { fetchApp } from '../helpers/app-origin';
import type { TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

/** The app's server answers every request with its argv, the variables under test and its flags file, as JSON. */
const REPORTING_SERVER = `const http = require('node:http');
const fs = require('node:fs');
const flagsFile = require('node:path').join(__dirname, 'user_data', 'CMD_FLAGS.txt');
const flags = fs.existsSync(flagsFile) ? fs.readFileSync(flagsFile, 'utf8') : null;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const e = process.env;
  res.end(JSON.stringify({ argv: process.argv.slice(3), COMMANDLINE_ARGS: e.COMMANDLINE_ARGS ?? null, OLLAMA_MODELS: e.OLLAMA_MODELS ?? null, HF_HOME: e.HF_HOME ?? null, flags }));
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log('listening on http://127.0.0.1:' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const USER_YAML = 'mine:\n    base_path: /srv/models\n    checkpoints: ckpt\n';

interface Report {
  argv: string[];
  COMMANDLINE_ARGS: string | null;
  OLLAMA_MODELS: string | null;
  HF_HOME: string | null;
  flags: string | null;
}

let server: TestServer;
let events: EventLog;
const repos: TempRepo[] = [];

async function reportingRepo(drive: string, extra?: (dir: string) => Promise<void>) {
  const repo = await helloAppRepo();
  const pinokio = path.join(repo.dir, 'pinokio.js');
  await writeFile(
    pinokio,
    (await readFile(pinokio, 'utf8')).replace(
      "title: 'Hello App',",
      `title: 'Hello App',\n  drive: ${drive},`,
    ),
  );
  await writeFile(path.join(repo.dir, 'app/server.js'), REPORTING_SERVER);
  await extra?.(repo.dir);
  repo.commit('drive profile');
  repos.push(repo);
  return repo;
}

async function startAndReport(name: string, repo: TempRepo): Promise<Report> {
  await server.rpc('apps.install', { source: repo.dir, name });
  await events.waitFor('app:status', (e) => e.name === name && e.state === 'installed');
  await server.rpc('apps.start', { name });
  const report = (await (await fetchApp(server.port, name, '/')).json()) as Report;
  await server.rpc('apps.stop', { name });
  await events.waitFor('app:status', (e) => e.name === name && e.state === 'stopped');
  return report;
}

beforeAll(async () => {
  server = await startTestServer();
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  for (const repo of repos) await repo.remove();
});

describe('an app started with a drive profile', () => {
  it('forge: the folder flags in COMMANDLINE_ARGS, OLLAMA_MODELS and HF_HOME in its environment', async () => {
    const report = await startAndReport('forge-like', await reportingRepo("{ models: 'forge' }"));
    const models = path.join(server.home, 'drive', 'models');
    expect(report.COMMANDLINE_ARGS).toBe(
      [
        '--ckpt-dir',
        'checkpoints',
        '--lora-dir',
        'loras',
        '--vae-dir',
        'vaes',
        '--embeddings-dir',
        'embeddings',
      ]
        .map((part, i) => (i % 2 === 0 ? part : path.join(models, part)))
        .join(' '),
    );
    expect(report.argv).toEqual([]);
    expect(report.OLLAMA_MODELS).toBe(path.join(models, 'ollama'));
    expect(report.HF_HOME?.startsWith(server.home)).toBe(true);
  });

  it('a1111 with argsVia args: the flags after its own arguments on the command line', async () => {
    const report = await startAndReport(
      'a1111-like',
      await reportingRepo("{ models: 'a1111', argsVia: 'args' }"),
    );
    const models = path.join(server.home, 'drive', 'models');
    expect(report.argv).toEqual([
      '--ckpt-dir',
      path.join(models, 'checkpoints'),
      '--lora-dir',
      path.join(models, 'loras'),
      '--vae-dir',
      path.join(models, 'vaes'),
      '--embeddings-dir',
      path.join(models, 'embeddings'),
    ]);
    expect(report.COMMANDLINE_ARGS).toBeNull();
  });

  it("comfyui: extra_model_paths.yaml next to main.py gets a hangar section, the user's kept", async () => {
    const repo = await reportingRepo("{ models: 'comfyui' }", async (dir) => {
      await writeFile(path.join(dir, 'app/main.py'), '');
      await writeFile(path.join(dir, 'app/extra_model_paths.yaml'), USER_YAML);
    });
    const report = await startAndReport('comfy-like', repo);
    expect(report.COMMANDLINE_ARGS).toBeNull();
    const yaml = await readFile(
      path.join(server.home, 'api', 'comfy-like', 'app', 'extra_model_paths.yaml'),
      'utf8',
    );
    expect(yaml.startsWith(USER_YAML)).toBe(true);
    expect(yaml).toContain(
      `hangar:\n    base_path: ${JSON.stringify(path.join(server.home, 'drive', 'models'))}\n    checkpoints: "checkpoints"\n`,
    );
  });

  it('textgen: --model-dir in user_data/CMD_FLAGS.txt before the app reads it, its own flags kept', async () => {
    const repo = await reportingRepo("{ models: 'textgen' }", async (dir) => {
      await writeFile(path.join(dir, 'app/server.py'), '');
      await mkdir(path.join(dir, 'app/modules'), { recursive: true });
      await writeFile(path.join(dir, 'app/modules/shared.py'), '');
      await mkdir(path.join(dir, 'app/user_data'), { recursive: true });
      await writeFile(path.join(dir, 'app/user_data/CMD_FLAGS.txt'), '--listen\n');
    });
    const report = await startAndReport('textgen-like', repo);
    const models = path.join(server.home, 'drive', 'models', 'gguf');
    expect(report.flags).toBe(`--listen\n${TEXTGEN_MARK}\n--model-dir ${models}\n`);
    expect(report.COMMANDLINE_ARGS).toBeNull();
  });
});
