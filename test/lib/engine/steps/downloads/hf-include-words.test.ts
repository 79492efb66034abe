// hf.download splits include/exclude strings as the shell behind Pinokio's `hf download` command does.
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { shellWords } from '../../../../../lib/engine/steps/shell-words';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import { hfWorldPerTest } from './step-context';

describe('shellWords', () => {
  it('splits on blanks and honours quotes and escapes', () => {
    expect(shellWords('"*.pth" "*.pt" "*.onnx"', 'x')).toEqual(['*.pth', '*.pt', '*.onnx']);
    expect(shellWords(`  a\\ b 'c "d"' "e \\"f\\" \\n" g""h ''`, 'x')).toEqual([
      'a b',
      'c "d"',
      'e "f" \\n',
      'gh',
      '',
    ]);
    expect(() => shellWords('"open', 'hf.download "include"')).toThrow(
      /hf.download "include": unterminated double quote/,
    );
  });
});

describe('hf.download include strings', () => {
  const w = hfWorldPerTest();

  it('downloads every pattern of a quoted include string, minus the excluded ones', async () => {
    const file = () => ({ body: randomBytes(2_000), lfs: true });
    w.hf.repos.set('org/faces', {
      files: {
        'a.pth': file(),
        'b.pt': file(),
        'c.onnx': file(),
        'skip.onnx': file(),
        'readme.md': { body: Buffer.from('x') },
      },
    });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    const params = {
      _: ['org/faces'],
      include: '"*.pth" "*.pt" "*.onnx"',
      exclude: "'skip*'",
      'local-dir': 'models',
    };
    await downloadSteps['hf.download']!.run(params, ctx, soloStepRequest('hf.download', params));
    expect((await readdir(path.join(ctx.appDir, 'models'))).sort()).toEqual([
      '.cache',
      'a.pth',
      'b.pt',
      'c.onnx',
    ]);
  });
});
