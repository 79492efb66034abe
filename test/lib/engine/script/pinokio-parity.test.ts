// The parity table (test/fixtures/pinokio-parity.json): every pinokiod step method and kernel member is
// implemented, refused with a reason, or listed here as missing, and Hangar's registry and kernel agree.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_ONLY, knownMethods } from '../../../../lib/engine/steps/registry';
import { buildKernel, type KernelRuntime } from '../../../../lib/engine/script/kernel';
import { defaultSystem } from '../../../../lib/engine/script/runner-options';
import { buildScope } from '../../../../lib/engine/script/scope';

interface Entry {
  status: string;
  reason?: string;
}
type Section = Record<string, Entry>;
const table = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../fixtures/pinokio-parity.json'), 'utf8'),
) as {
  methods: Section;
  kernel: Section;
  shell: Section;
  script: Section;
  templates: Section;
};

/**
 * Not built yet. Whoever builds one removes it here and marks it implemented in the table; the tests
 * below fail until both agree with the registry and the kernel object.
 */
const MISSING_METHODS: string[] = [];
const MISSING_KERNEL: string[] = [];

/** The one place this test reads the step registry: names a script can run (desktop-only ones excluded). */
function runnableMethods(): Set<string> {
  return new Set(knownMethods().filter((name) => !Object.hasOwn(DESKTOP_ONLY, name)));
}

const runtime: KernelRuntime = {
  port: async () => 42003,
  system: { ...defaultSystem(), ram: 1 },
  home: os.tmpdir(),
  isRunning: () => false,
  isReady: () => false,
  localOf: () => ({}),
};
const kernel = buildKernel(runtime, os.tmpdir());

/** jimini adds these to every render itself. */
const JIMINI_DEFAULTS = ['_', 'os', 'path'];

const withStatus = (section: Section, status: string) =>
  Object.keys(section)
    .filter((name) => section[name]!.status === status)
    .sort();

describe('the Pinokio parity table', () => {
  it('marks every entry implemented, refused with a reason, or missing', () => {
    for (const sectionName of ['methods', 'kernel', 'shell', 'script', 'templates'] as const) {
      const section = table[sectionName];
      for (const [name, entry] of Object.entries(section)) {
        const where = `${sectionName}.${name}`;
        expect(['implemented', 'refused', 'missing'], where).toContain(entry.status);
        if (entry.status === 'refused') expect(entry.reason?.trim(), where).toBeTruthy();
      }
    }
  });

  it('has every method marked implemented in the step registry', () => {
    const runnable = runnableMethods();
    const absent = withStatus(table.methods, 'implemented').filter((m) => !runnable.has(m));
    expect(absent).toEqual([]);
  });

  it('lists every runnable registry method, and refuses the ones Hangar refuses as desktop-only', () => {
    expect([...runnableMethods()].filter((m) => !table.methods[m])).toEqual([]);
    for (const name of Object.keys(DESKTOP_ONLY))
      expect(table.methods[name]?.status, name).toBe('refused');
  });

  it('lists exactly these methods as missing, and none of them is in the registry yet', () => {
    expect(withStatus(table.methods, 'missing')).toEqual(MISSING_METHODS);
    const runnable = runnableMethods();
    expect(MISSING_METHODS.filter((m) => runnable.has(m))).toEqual([]);
  });

  it('has every kernel member marked implemented on the kernel object', () => {
    const absent = withStatus(table.kernel, 'implemented').filter((m) => !(m in kernel));
    expect(absent).toEqual([]);
    const shellAbsent = withStatus(table.shell, 'implemented').filter((m) => !(m in kernel.shell));
    expect(shellAbsent).toEqual([]);
    const scriptAbsent = withStatus(table.script, 'implemented').filter(
      (m) => !(m in kernel.script),
    );
    expect(scriptAbsent).toEqual([]);
  });

  it('lists exactly these kernel members as missing, and none of them is on the kernel yet', () => {
    expect(withStatus(table.kernel, 'missing')).toEqual(MISSING_KERNEL);
    expect(MISSING_KERNEL.filter((m) => m in kernel)).toEqual([]);
  });

  it('has every template name marked implemented in the scope of a step', () => {
    const scope = buildScope({
      runtime,
      system: runtime.system as Parameters<typeof buildScope>[0]['system'],
      kernel,
      file: path.join(os.tmpdir(), 'start.json'),
      uri: 'start.json',
      cwd: os.tmpdir(),
      appDir: os.tmpdir(),
      apiDir: os.tmpdir(),
      self: {},
      local: {},
      global: {},
      input: {},
      args: {},
      current: 0,
      next: null,
      env: {},
      port: 42003,
    });
    const absent = withStatus(table.templates, 'implemented').filter(
      (name) => !(name in scope) && !JIMINI_DEFAULTS.includes(name),
    );
    expect(absent).toEqual([]);
    expect(withStatus(table.templates, 'missing')).toEqual([]);
  });
});
