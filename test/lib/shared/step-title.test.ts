// Step titles: the launcher's own words first, else the method with the gist of its params, short.
import { describe, expect, it } from 'vitest';
import { stepTitle } from '@/lib/shared/step-title';

describe('stepTitle', () => {
  it("prefers the step's own title or text", () => {
    expect(
      stepTitle({ method: 'shell.run', title: 'Install torch', params: { message: 'x' } }),
    ).toBe('Install torch');
    expect(stepTitle({ method: 'log', text: '  Preparing\n  models ' })).toBe('Preparing models');
  });

  it('summarises shell.run as Running its first command, templates as an ellipsis', () => {
    expect(
      stepTitle({
        method: 'shell.run',
        params: { message: ['pip install -r requirements.txt', 'pip install {{args.extra}}'] },
      }),
    ).toBe('Running pip install -r requirements.txt (+1 more)');
    expect(stepTitle({ method: 'shell.run', params: { message: 'uv pip install {{gpu}}' } })).toBe(
      'Running uv pip install …',
    );
  });

  it('names a download by its file and cuts long titles', () => {
    expect(
      stepTitle({
        method: 'fs.download',
        params: { url: 'https://h.example/m/model.bin?download=1' },
      }),
    ).toBe('Downloading model.bin');
    const long = stepTitle({ method: 'shell.run', params: { message: `echo ${'x'.repeat(200)}` } });
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
    expect(stepTitle({ method: 'process.wait' })).toBe('Waiting');
    expect(stepTitle({ method: 'input' })).toBe('Waiting for your answer');
    expect(stepTitle({ method: 'notify' })).toBe('notify');
    // A method without words keeps its name before the gist.
    expect(stepTitle({ method: 'json.set', params: { path: 'a.json' } })).toBe('json.set: a.json');
  });

  it('never shows two ellipses side by side', () => {
    expect(
      stepTitle({ method: 'shell.run', params: { message: 'python app.py {{a}} {{b}}{{c}}' } }),
    ).toBe('Running python app.py …');
    expect(stepTitle({ method: 'log', text: 'Submitting to {{cluster}}...' })).toBe(
      'Submitting to …',
    );
    const cut = stepTitle({ method: 'log', text: `${'y'.repeat(78)}{{x}} more` });
    expect(cut).toBe(`${'y'.repeat(78)}…`);
  });
});
