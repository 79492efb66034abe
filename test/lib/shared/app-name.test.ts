// App names from text, and whether a title already says an app's name (else the UI shows the name beside it).
import { describe, expect, it } from 'vitest';
import { titleSaysName, toAppName } from '../../../lib/shared/app-name';

describe('app names', () => {
  it('turns a title into a name', () => {
    expect(toAppName('Stable Diffusion WebUI Forge')).toBe('stable-diffusion-webui-forge');
    expect(toAppName('  --Comfyui!!')).toBe('comfyui');
    expect(toAppName('***')).toBe('');
  });

  it('tells when a title already says the name', () => {
    expect(titleSaysName('Python Hello', 'python-hello')).toBe(true);
    expect(titleSaysName('Comfyui', 'comfyui')).toBe(true);
    expect(titleSaysName('', 'one')).toBe(true);
    // Two installs of one launcher: the second is told apart by its name.
    expect(titleSaysName('Hello App', 'hello-copy')).toBe(false);
    expect(titleSaysName('Stable Diffusion WebUI Forge', 'forge')).toBe(false);
  });
});
