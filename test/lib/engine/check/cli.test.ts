// The `hangar check` command: text or JSON output and an exit code that reflects errors.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../../../lib/engine/check/cli';

const corpus = path.resolve(__dirname, '../../../../../shared/pinokio-corpus');
const broken = path.resolve(__dirname, '../../../fixtures/script-core/broken-launcher');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCommand(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('runCheckCommand', () => {
  it('prints one JSON document and exits 0 for a good launcher', async () => {
    const { code, stdout } = await run([
      path.join(corpus, 'searxng.pinokio'),
      '--json',
      '--gpu',
      'nvidia',
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ ok: true, launcher: path.join(corpus, 'searxng.pinokio') });
    expect(Object.keys(doc.menus)).toEqual([
      'not-installed',
      'installed',
      'running',
      'running-with-url',
    ]);
    expect(
      doc.scripts
        .find((s: { file: string }) => s.file === 'start.js')
        .steps.map((s: { method: string }) => s.method),
    ).toEqual(['shell.run', 'local.set']);
  });

  it('prints the text plan and exits 1 when there are errors', async () => {
    const { code, stdout } = await run([broken]);
    expect(code).toBe(1);
    expect(stdout).toContain('unknown.json: FAILED');
    expect(stdout).toContain('Menu:');
  });

  it('exits 2 with usage for bad arguments', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['/nonexistent-launcher-dir'])).stderr).toContain('is not a folder');
    expect((await run([broken, '--gpu'])).stderr).toContain('--gpu needs a value');
  });
});
