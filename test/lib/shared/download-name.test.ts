// The name a download shows under: its file's name, or the URL's for a file stored under its hash.
import { describe, expect, it } from 'vitest';
import { downloadName } from '@/lib/shared/downloads';

const BLOB = '5d4d27d3a45d911a8f112529ff69c4b7fe016af0';

describe('downloadName', () => {
  it("is the file's own name where it is stored under one", () => {
    expect(
      downloadName({
        url: 'https://example.com/get?id=7',
        dest: '/home/x/models/sd15.safetensors',
      }),
    ).toBe('sd15.safetensors');
  });

  it('takes the name the URL gives a file stored under its hash, unescaped', () => {
    const url = `https://huggingface.co/openai-community/gpt2/resolve/${BLOB}/tokenizer%20config.json?download=true`;
    expect(downloadName({ url, dest: `/cache/hub/blobs/${'ab'.repeat(32)}` })).toBe(
      'tokenizer config.json',
    );
    expect(downloadName({ url, dest: `C:\\cache\\blobs\\${BLOB}` })).toBe('tokenizer config.json');
  });

  it('falls back to the stored name, then the URL, when the URL names nothing', () => {
    expect(downloadName({ url: 'not a url', dest: `/cache/blobs/${BLOB}` })).toBe(BLOB);
    expect(downloadName({ url: 'https://example.com/%E0%A4%A', dest: '' })).toBe(
      'https://example.com/%E0%A4%A',
    );
  });
});
