// `hangar check` loads only launcher scripts (root scripts and what menus and scripts reference, never the app's
// source tree) and names what Hangar lacks: template names nobody defines, kernel members a code module uses.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLauncher, type CheckReport } from '../../../../lib/engine/check/index';
import { fakeRuntime } from '../../../../lib/engine/check/fake-runtime';
import { missingKernelMembers } from '../../../../lib/engine/check/kernel-members';
import { buildInfo } from '../../../../lib/engine/script/info';
import { buildKernel } from '../../../../lib/engine/script/kernel';
import { loadRaw } from '../../../../lib/engine/script/loader';
import { makeTempDir } from '../../../helpers/temp-dir';
import { system } from './system-facts';

async function write(root: string, files: Record<string, string | object>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
    await writeFile(path.join(root, rel), text);
  }
}

function script(report: CheckReport, file: string) {
  const found = report.scripts.find((s) => s.file === file);
  if (!found)
    throw new Error(`no report for ${file} (have ${report.scripts.map((s) => s.file).join(', ')})`);
  return found;
}

const BROWSER_JS = `const button = document.querySelector('#go');
button.addEventListener('click', () => window.alert('hi'));
`;

describe('which files hangar check loads', () => {
  let root: string;
  let report: CheckReport;
  beforeAll(async () => {
    root = await makeTempDir('hangar-check-discovery-');
    await write(root, {
      'pinokio.js': `module.exports = {
  title: 'Discovery',
  menu: async (kernel, info) => [
    ...(info.running('never.json') ? [{ text: 'Hidden', href: 'tools/hidden.json' }] : []),
    { text: 'Install', href: 'install.json?run=true', default: true },
    { text: 'Tools', menu: [{ text: 'Model', href: 'models/one.json' }] },
    { text: 'Gone', href: 'gone.js' },
    { text: 'Site', href: 'https://example.com/x.js' },
  ],
};
`,
      'install.json': {
        run: [
          { method: 'script.start', params: { uri: 'steps/next.json' } },
          { method: 'notify', params: { html: 'done', href: 'steps/after.json' } },
        ],
      },
      'update.json': { run: [{ method: 'shell.run', params: { message: 'git pull' } }] },
      'models/one.json': { run: [{ method: 'log', params: { text: 'one' } }] },
      'tools/hidden.json': { run: [{ method: 'log', params: { text: 'hidden' } }] },
      'models/unlisted.json': { run: [{ method: 'log', params: { text: 'never loaded' } }] },
      'steps/next.json': { run: [{ method: 'script.start', params: { uri: 'missing.json' } }] },
      'steps/after.json': { run: [{ method: 'log', params: { text: 'after' } }] },
      'app/static/main.js': BROWSER_JS,
      'app/config.json': '{ "not": "a script" ',
      'lib/helper.js': BROWSER_JS,
    });
    report = await checkLauncher(root, { system, home: path.join(root, '.home') });
  });

  it('the browser file throws when loaded as a script (control)', async () => {
    const runtime = fakeRuntime({
      state: 'installed',
      root,
      startScripts: [],
      system,
      home: path.join(root, '.home'),
    });
    const file = path.join(root, 'app/static/main.js');
    const loading = loadRaw(file, {
      kernel: buildKernel(runtime, path.dirname(file)),
      info: buildInfo(runtime, path.dirname(file)),
    });
    await expect(loading).rejects.toThrow(/document is not defined/);
  });

  it('loads the root scripts and what menus, pinokio.js and scripts reference, nothing else', () => {
    expect(report.scripts.map((s) => s.file)).toEqual([
      'install.json',
      'models/one.json',
      'steps/after.json',
      'steps/next.json',
      'tools/hidden.json',
      'update.json',
    ]);
    expect(JSON.stringify(report)).not.toContain('document is not defined');
  });

  it('reports a referenced script that does not exist', () => {
    expect(report.warnings).toContain(
      'menu (not-installed): "Gone" links to missing script gone.js',
    );
    expect(script(report, 'steps/next.json').errors).toEqual([
      'step 1: script missing.json not found (steps/missing.json)',
    ]);
    expect(report.ok).toBe(false);
  });
});

describe('names Hangar does not define', () => {
  let root: string;
  let report: CheckReport;
  beforeAll(async () => {
    root = await makeTempDir('hangar-check-names-');
    await write(root, {
      'pinokio.js': `const extra = require('./lib/extra');
module.exports = {
  title: 'Names',
  menu: async (kernel) => {
    // kernel.commentedOut() is not code
    const port = await kernel.port();
    return [{ text: 'Install ' + port, href: 'install.json' }, { text: 'Start', href: 'start.js' }];
  },
};
`,
      'install.json': {
        run: [
          {
            method: 'shell.run',
            when: '{{platform === "linux" && no_such_flag}}',
            params: {
              message: ['echo {{platform}}', 'echo {{bogus_name.version}}'],
              on: [{ event: '/ready (\\S+)/', done: true }],
            },
          },
          { method: 'local.set', params: { url: '{{input.event[1]}}', seen: '{{event[0]}}' } },
          {
            method: 'log',
            params: { text: 'args {{args.x}} {{gpu}} {{gpu_driver}} {{which("sh")}}' },
          },
        ],
      },
      'start.js': `const helper = require('./helper.js');
module.exports = async (kernel, info) => {
  if (kernel.platform === 'plan9') await kernel.bogus('never');
  const shell = kernel.shell;
  return {
    daemon: true,
    run: [
      { method: 'shell.run', params: { message: 'echo ' + helper.word } },
      { uri: './mod.js', method: 'go', params: {} },
      {
        method: async (req, ondata, kernel) => {
          await kernel.shell.run({ message: 'true' });
          await kernel.shell.teleport({});
          return kernel.jsdom.JSDOM && kernel.system.graphics && kernel.memory.local;
        },
      },
    ],
  };
};
`,
      'helper.js': `module.exports = { word: 'hi' };\n`,
      'lib/extra.js': `module.exports = (kernel) => kernel.wizardry;\n`,
      'renamed.js': `module.exports = async (k, info) => ({
  run: [{ method: 'log', params: { text: String(k.platform === 'plan9' && k.nowhere) } }],
});
`,
      'mod.js': `module.exports = {
  go: async (req, ondata, kernel) => {
    const env = await kernel.env();
    return kernel.unheardOf(env);
  },
};
`,
    });
    report = await checkLauncher(root, { system, home: path.join(root, '.home') });
  });

  it('warns with step and field for a template name nobody defines; run-time names stay deferred', () => {
    const install = script(report, 'install.json');
    expect(install.errors).toEqual([]);
    expect(install.warnings).toEqual([
      'step 1 when: template {{ platform === "linux" && no_such_flag }} uses "no_such_flag", a name Hangar does not define',
      'step 1 params.message[1]: template {{ bogus_name.version }} uses "bogus_name", a name Hangar does not define',
    ]);
    expect(install.steps[1]!.deferred).toEqual(['input.event[1]', 'event[0]']);
    expect(install.steps[2]!.deferred ?? []).not.toContain('gpu');
    expect(report.ok).toBe(true);
  });

  it('names the kernel members a code module uses that Hangar lacks, with file and line', () => {
    const start = script(report, 'start.js');
    expect(start.errors).toEqual([]);
    expect(start.warnings).toEqual([
      "kernel.bogus (line 3) is not a member of Hangar's kernel",
      "kernel.shell.teleport (line 13) is not a member of Hangar's kernel",
    ]);
    expect(script(report, 'mod.js').warnings).toEqual([
      "kernel.unheardOf (line 4) is not a member of Hangar's kernel",
    ]);
    expect(script(report, 'renamed.js').warnings).toEqual([
      "kernel.nowhere (line 2) is not a member of Hangar's kernel",
    ]);
    expect(script(report, 'helper.js').warnings).toEqual([]);
    expect(report.warnings).toEqual([
      "lib/extra.js: kernel.wizardry (line 1) is not a member of Hangar's kernel",
    ]);
    expect(report.scripts.map((s) => s.file)).not.toContain('lib/extra.js');
  });

  it('finds every kernel member the parity table calls implemented on the real kernel object', async () => {
    const table = JSON.parse(
      await readFile(path.resolve(__dirname, '../../../fixtures/pinokio-parity.json'), 'utf8'),
    ) as Record<'kernel' | 'shell', Record<string, { status: string }>>;
    const implemented = (group: 'kernel' | 'shell', prefix: string) =>
      Object.entries(table[group])
        .filter(([, entry]) => entry.status === 'implemented')
        .map(([name]) => `${prefix}${name}`);
    const uses = [...implemented('kernel', 'kernel.'), ...implemented('shell', 'kernel.shell.')];
    expect(uses.length).toBeGreaterThan(30);
    const runtime = fakeRuntime({
      state: 'installed',
      root,
      startScripts: [],
      system,
      home: path.join(root, '.home'),
    });
    const kernel = buildKernel(runtime, root);
    expect(missingKernelMembers(uses.join(';\n'), kernel)).toEqual([]);
    expect(missingKernelMembers('kernel.bogus(); kernel.shell.nope()', kernel)).toEqual([
      { member: 'bogus', line: 1 },
      { member: 'shell.nope', line: 1 },
    ]);
  });
});
