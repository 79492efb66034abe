// A failed download's advice is read from the server's HTTP status, or from the system error the engine's message names.
import { describe, expect, it } from 'vitest';
import { downloadAdvice } from '../../../lib/shared/download-advice';

describe('downloadAdvice', () => {
  it.each([
    [404, 'not at this address'],
    [410, 'not at this address'],
    [401, 'Hugging Face token'],
    [403, 'licence accepted'],
    [429, 'slow down'],
    [503, 'problem of its own'],
  ])('HTTP %i', (status, words) => {
    expect(downloadAdvice(`Download of https://h/x failed: HTTP ${status}`, status)).toContain(
      words,
    );
  });

  it.each([
    ['write ENOSPC: no space left on device', 'disk is full'],
    ['getaddrinfo ENOTFOUND huggingface.co', 'could not be reached'],
    ['connect ECONNREFUSED 127.0.0.1:9', 'could not be reached'],
  ])('%s', (error, words) => {
    expect(downloadAdvice(error)).toContain(words);
  });

  it('reads the status, not words in the message that look like one', () => {
    expect(downloadAdvice('Download of https://h/HTTP 404/x failed: sha256 mismatch')).toBeNull();
    expect(downloadAdvice('sha256 mismatch: expected ab, got cd')).toBeNull();
    expect(downloadAdvice('Download of https://h/x failed: HTTP 200 OK', 200)).toBeNull();
  });
});
