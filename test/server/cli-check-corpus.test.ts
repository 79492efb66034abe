// `hangar check --json` over every corpus launcher, piped into a JSON parser as a user would (`| jq`): each report
// parses, arrives byte-complete, and has no errors; `--platform`/`--gpu` render as another machine would see it.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLauncher, checkSystem } from '../../lib/engine';
import { hangar, HANGAR_BIN } from '../helpers/cli';
import { repoRoot } from '../helpers/server';
import { makeTempDir } from '../helpers/temp-dir';

const corpus = path.resolve(repoRoot, '../shared/pinokio-corpus');
const launchers = readdirSync(corpus)
  .filter((d) => statSync(path.join(corpus, d)).isDirectory())
  .sort();

/** Reads all of stdin, parses it as JSON and prints what it got: bytes, errors per file. */
const PARSER = `const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const text = Buffer.concat(chunks);
  const report = JSON.parse(text.toString('utf8'));
  const errors = [...report.errors, ...report.scripts.flatMap((s) => s.errors.map((e) => s.file + ': ' + e))];
  process.stdout.write(JSON.stringify({ bytes: text.length, ok: report.ok, errors, scripts: report.scripts.length }));
});`;

interface Parsed {
  bytes: number;
  ok: boolean;
  errors: string[];
  scripts: number;
}

/** `hangar check DIR --json ARGS | node -e PARSER` in a real shell pipeline; the exit status is hangar's. */
function checkPiped(dir: string, ...args: string[]): Promise<{ parsed: Parsed; stderr: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const hangarCmd = [process.execPath, HANGAR_BIN, 'check', dir, '--json', ...args].map(quote);
  const line = `set -o pipefail; ${hangarCmd.join(' ')} | ${quote(process.execPath)} -e ${quote(PARSER)}`;
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-c', line],
      { cwd: repoRoot, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve({ parsed: JSON.parse(stdout) as Parsed, stderr });
      },
    );
  });
}

describe('hangar check --json over the corpus, through a pipe', () => {
  it('has the 12 corpus launchers', () => {
    expect(launchers).toHaveLength(12);
  });

  it.each(launchers)('%s: the report parses, is byte-complete and has no errors', async (name) => {
    const dir = path.join(corpus, name);
    const { parsed, stderr } = await checkPiped(dir);
    expect(parsed.errors, stderr).toEqual([]);
    expect(parsed.ok).toBe(true);
    expect(parsed.scripts).toBeGreaterThan(0);
    const expected = await checkLauncher(dir, { system: checkSystem() });
    expect(parsed.bytes).toBe(Buffer.byteLength(`${JSON.stringify(expected, null, 2)}\n`));
  });
});

describe('hangar check --platform and --gpu', () => {
  let launcher: string;
  beforeAll(async () => {
    launcher = await makeTempDir('hangar-check-machine-');
    await writeFile(
      path.join(launcher, 'pinokio.js'),
      `module.exports = {
  title: 'Machine',
  menu: async (kernel) => [
    kernel.gpu === 'nvidia' ? { text: 'Start (CUDA)', href: 'start.json' } : { text: 'Start (CPU)', href: 'start.json' },
    ...(kernel.platform === 'darwin' ? [{ text: 'Open Finder', href: 'finder.json' }] : []),
  ],
};
`,
    );
    await writeFile(
      path.join(launcher, 'start.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: 'echo {{platform}}/{{gpu}}' } }],
      }),
    );
    await writeFile(
      path.join(launcher, 'finder.json'),
      JSON.stringify({ run: [{ method: 'log', params: { text: 'finder' } }] }),
    );
  });

  async function menuOf(...args: string[]) {
    const result = await hangar('check', launcher, '--json', ...args);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      menus: Record<string, { text: string }[]>;
      scripts: { file: string; steps: { params: { message: string } }[] }[];
    };
    const start = doc.scripts.find((s) => s.file === 'start.json')!;
    return {
      texts: doc.menus.installed!.map((i) => i.text),
      message: start.steps[0]!.params.message,
    };
  }

  it('renders the menu and the step templates for the machine asked for', async () => {
    expect(await menuOf('--gpu', 'nvidia', '--platform', 'linux')).toEqual({
      texts: ['Start (CUDA)'],
      message: 'echo linux/nvidia',
    });
    expect(await menuOf('--gpu', 'none', '--platform', 'darwin')).toEqual({
      texts: ['Start (CPU)', 'Open Finder'],
      message: 'echo darwin/none',
    });
  });

  it("picks the corpus torch.js step of that machine (whisper-webui's when: gpu/platform)", async () => {
    const whens = async (...args: string[]) => {
      const result = await hangar('check', path.join(corpus, 'whisper-webui'), '--json', ...args);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout) as {
        scripts: { file: string; steps: { when?: boolean; params: { message: unknown } }[] }[];
      };
      const torch = doc.scripts.find((s) => s.file === 'torch.js')!;
      return torch.steps.filter((s) => s.when === true).map((s) => String(s.params.message));
    };
    expect(await whens('--gpu', 'amd', '--platform', 'win32')).toEqual([
      'uv pip install torch-directml torchaudio torchvision numpy==1.26.4',
    ]);
    expect(await whens('--gpu', 'apple')).toEqual([
      'uv pip install torch==2.5.0 torchvision==0.20.0 torchaudio==2.5.0 --index-url https://download.pytorch.org/whl/cpu',
    ]);
    const linuxNvidia = await whens('--gpu', 'nvidia', '--platform', 'linux');
    expect(linuxNvidia).toHaveLength(1);
    expect(linuxNvidia[0]).toContain('download.pytorch.org/whl/cu');
  });
});
