// Differential test: Hangar's template rendering against Pinokio's (a pristine jimini@0.0.8 driven as pinokiod
// drives it for a step) over every template in the corpus and generated cases, with the same scope.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Template from 'jimini';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildKernel, type KernelRuntime } from '../../../../lib/engine/script/kernel';
import { buildScope } from '../../../../lib/engine/script/scope';
import { evaluateWhen, renderTemplate } from '../../../../lib/engine/script/template';

const corpus = path.resolve(__dirname, '../../../../../shared/pinokio-corpus');
const launcher = path.join(corpus, 'comfy');

const system = {
  platform: 'linux',
  arch: 'x64',
  gpu: 'nvidia',
  gpus: [
    {
      name: 'nvidia',
      model: 'nvidia geforce rtx 4090',
      driver: '550.54.14',
      memoryMiB: 24564,
      target: 'sm_89',
    },
  ],
  gpu_model: 'nvidia geforce rtx 4090',
  vram: 24,
  ram: 64,
};
const runtime: KernelRuntime = {
  port: async () => 42003,
  system,
  home: path.join(os.tmpdir(), 'hangar-jimini-home'),
  isRunning: () => false,
  isReady: () => false,
  localOf: () => ({}),
};
const scope = buildScope({
  runtime,
  system,
  kernel: buildKernel(runtime, launcher),
  file: path.join(launcher, 'start.js'),
  uri: 'start.js',
  cwd: launcher,
  appDir: launcher,
  apiDir: path.dirname(launcher),
  self: { animals: ['cat', 'dog'], conf: { a: 1 }, cmd: 'echo {{ name }}' },
  local: { url: 'http://127.0.0.1:7860', port: 7860 },
  global: {},
  input: { event: ['http://127.0.0.1:7860', '7860'], stdout: 'done' },
  args: { model: 'sdxl', list: ['a', 'b'] },
  current: 1,
  next: 2,
  env: { HF_TOKEN: 'hf_x', EMPTY: '' },
  port: 42003,
});

/** pinokiod: render the step until no `{{ }}` is left (4 passes at most), then flatten `{{{ }}}`. */
function pinokioRenderStep(step: Record<string, unknown>): Record<string, unknown> {
  const template = new Template();
  void template.init({});
  return quietly(() => {
    let rpc: unknown = step;
    for (let pass = 1; ; pass++) {
      rpc = template.render(rpc, scope);
      if (!template.istemplate(rpc) || pass >= 4) break;
    }
    return template.flatten(rpc) as Record<string, unknown>;
  });
}

function pinokioWhen(when: unknown): boolean {
  const template = new Template();
  void template.init({});
  const rendered = pinokioRenderStep({ method: 'log', when }).when;
  if (!rendered) return false;
  return Boolean(quietly(() => template.render(rendered, scope, { allow_undefined: true })));
}

/** The reference jimini prints "ERROR" lines for every throw; keep them out of the test output. */
function quietly<T>(fn: () => T): T {
  const log = console.log;
  console.log = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
  }
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (/\.(json|js)$/.test(name)) out.push(full);
  }
  return out;
}

interface Found {
  where: string;
  value: unknown;
}

/** Strings holding `{{`, and the steps (`run` arrays) of JSON scripts, from every corpus file. */
function corpusTemplates(): { values: Found[]; whens: Found[] } {
  const values: Found[] = [];
  const whens: Found[] = [];
  for (const file of files(corpus)) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(corpus, file);
    if (file.endsWith('.json')) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        if (error instanceof SyntaxError) continue;
        throw error;
      }
      const run = (data as { run?: unknown }).run;
      if (Array.isArray(run)) {
        for (const step of run as Array<Record<string, unknown>>) {
          if (step && typeof step === 'object' && 'params' in step)
            values.push({ where, value: step.params });
          if (step && typeof step === 'object' && typeof step.when === 'string')
            whens.push({ where, value: step.when });
        }
      }
    }
    for (const m of text.matchAll(/"((?:\\.|[^"\\\n])*\{\{(?:\\.|[^"\\\n])*)"/g)) {
      let value: string;
      try {
        value = JSON.parse(`"${m[1]}"`) as string;
      } catch (error) {
        if (error instanceof SyntaxError) continue;
        throw error;
      }
      values.push({ where, value });
      if (
        /^\s*when\s*:/.test(
          text
            .slice(Math.max(0, m.index - 12), m.index)
            .split(/[,{\n]/)
            .pop()!,
        )
      )
        whens.push({ where, value });
    }
    for (const m of text.matchAll(/'((?:\\.|[^'\\\n])*\{\{(?:\\.|[^'\\\n])*)'/g))
      values.push({ where, value: m[1]!.replace(/\\'/g, "'") });
  }
  return { values, whens };
}

const generated: unknown[] = [
  'animals: {{ self.animals }}',
  'conf: {{ self.conf }}',
  '{{ self.animals }}',
  '{{ _.uniq([1, 1, 2]).join("-") }}',
  'sum {{ _.sum([1, 2, 3]) }}',
  '{{ missing.deep }}',
  'x {{ missing.deep }} y',
  '{{ undefinedName }}',
  '{{ 1 + }}',
  'a {{ 1 + }} b',
  '{{ n }}{{ n }}',
  'x {{ current }}{{ next }}',
  '{{{ event.matches[0][1] }}}',
  'n: {{ current }} and {{{ next }}}',
  '{{ ({ a: 1 }) }}',
  '{{ {a: 1} }}',
  '{{ null }}',
  'v={{ null }}',
  '{{ false }}',
  'price: {{ "$&" }}',
  '{{ "a\nb" }}',
  '{{ platform === "linux" ? "bash" : "cmd" }}',
  '{{ gpu === "nvidia" && Number(gpu_driver.split(".")[0]) < 560 }}',
  'target {{ gpu_target }}, mem {{ mem.total > 0 }}, cores {{ cpu.cores > 0 }}',
  '{{ proxy(7860) }}',
  '{{ system.model !== undefined }}',
  '{{ os.platform() }} {{ path.sep }}',
  '{{ kernel.gpu_driver }}',
  '{{ self.cmd }}',
  ['{{ args.model }}', 'plain', '{{ nothing }}'],
  { '{{ platform === "darwin" ? "-ngl" : null }}': 1, '{{ args.model }}': '{{ local.port }}' },
  {
    message: ['{{ args.list }}', 'echo {{ args.list }}'],
    path: 'app',
    env: { A: '{{ env.HF_TOKEN }}' },
  },
  { nested: { deep: ['x', { y: '{{ input.event[1] }}' }] } },
  { bad: '{{ 1 + }}', good: '{{ args.model }}' },
  42,
  null,
  true,
];

describe('templates equal jimini@0.0.8 as Pinokio drives it', () => {
  afterEach(() => vi.restoreAllMocks());
  const { values, whens } = corpusTemplates();

  it('finds the corpus templates', () => {
    expect(values.length).toBeGreaterThan(100);
    expect(whens.length).toBeGreaterThan(10);
  });

  it('renders every corpus template and generated case as Pinokio does, printing nothing', () => {
    const log = vi.spyOn(console, 'log');
    const differ: string[] = [];
    for (const { where, value } of [
      ...values,
      ...generated.map((value) => ({ where: 'generated', value })),
    ]) {
      const hangar = renderTemplate(value, scope);
      const pinokio = pinokioRenderStep({ method: 'shell.run', params: value }).params;
      if (!isDeepEqual(hangar, pinokio))
        differ.push(`${where}: ${JSON.stringify(value)} → ${String(hangar)} / ${String(pinokio)}`);
    }
    expect(differ).toEqual([]);
    expect(log).not.toHaveBeenCalled();
  });

  it('decides every corpus and generated `when` as Pinokio does', () => {
    const cases = [
      ...whens,
      ...[
        '{{ missing.deep }}',
        '{{ undefinedName }}',
        '{{ env.EMPTY }}',
        '{{ gpu === "nvidia" }}',
        '',
        0,
        'yes',
      ].map((value) => ({ where: 'generated', value })),
    ];
    const differ = cases
      .filter(({ value }) => evaluateWhen(value, scope) !== pinokioWhen(value))
      .map(({ where, value }) => `${where}: ${JSON.stringify(value)}`);
    expect(differ).toEqual([]);
  });

  it('renders what issue #22 found different from jimini as jimini does', () => {
    expect(renderTemplate('animals: {{ self.animals }}', scope)).toBe('animals: cat,dog');
    expect(renderTemplate('conf: {{ self.conf }}', scope)).toBe('conf: [object Object]');
    expect(renderTemplate('{{ _.uniq([1, 1, 2]).join("-") }}', scope)).toBe('1-2');
    expect(renderTemplate('x {{ missing.deep }} y', scope)).toBe('x {{ missing.deep }} y');
    expect(renderTemplate('{{ n }}{{ n }}', scope)).toBe('{{ n }}{{ n }}');
    expect(renderTemplate('{{ gpu_driver }}', scope)).toBe('550.54.14');
    expect(renderTemplate('{{ proxy(7860) }}', scope)).toBe('http://localhost:7860');
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'AssertionError') return false;
    throw error;
  }
}
