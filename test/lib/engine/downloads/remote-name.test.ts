// Content-Disposition file names: RFC 6266 forms, and names that must not be used as they are.
import { describe, expect, it } from 'vitest';
import { dispositionFileName, urlNamesFile } from '../../../../lib/engine/downloads/remote-name';

describe('dispositionFileName', () => {
  it('reads quoted, bare and extended names, preferring the extended one', () => {
    expect(dispositionFileName('attachment; filename="v1-5.ckpt"')).toBe('v1-5.ckpt');
    expect(dispositionFileName('attachment; filename=model.gguf; size=12')).toBe('model.gguf');
    expect(
      dispositionFileName(`attachment; filename="a.bin"; filename*=UTF-8''%C3%A9t%C3%A9.bin`),
    ).toBe('été.bin');
    expect(dispositionFileName(`attachment; filename*=iso-8859-1'en'%E9t%E9.bin`)).toBe('été.bin');
    expect(dispositionFileName('attachment; filename="say \\"hi\\".txt"')).toBe('say "hi".txt');
  });

  it('falls back from a broken extended name and refuses names that are paths or nothing', () => {
    expect(dispositionFileName(`attachment; filename*=UTF-8''%E2%80; filename="ok.bin"`)).toBe(
      'ok.bin',
    );
    expect(dispositionFileName('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(dispositionFileName('attachment; filename="C:\\\\models\\\\x.pt"')).toBe('x.pt');
    expect(dispositionFileName('attachment; filename=".."')).toBeNull();
    expect(dispositionFileName('attachment; filename="\u0001"')).toBeNull();
    expect(dispositionFileName('inline')).toBeNull();
    expect(dispositionFileName(undefined)).toBeNull();
  });
});

describe('urlNamesFile', () => {
  it('tells file URLs from API endpoints', () => {
    expect(
      urlNamesFile('https://huggingface.co/a/b/resolve/main/model.safetensors?download=true'),
    ).toBe(true);
    expect(urlNamesFile('https://civitai.com/api/download/models/4201')).toBe(false);
    expect(urlNamesFile('https://example.com/')).toBe(false);
  });
});
