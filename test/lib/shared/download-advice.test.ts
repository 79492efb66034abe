// A failed download's advice is read from the HTTP status or the system error in the engine's message.
import { describe, expect, it } from 'vitest';
import { downloadAdvice } from '../../../lib/shared/download-advice';

describe('downloadAdvice', () => {
  it.each([
    ['Download of https://h/x failed: HTTP 404 Not Found', 'not at this address'],
    ['Download of https://h/x failed: HTTP 410 Gone', 'not at this address'],
    ['Download of https://h/x failed: HTTP 401 Unauthorized', 'Hugging Face token'],
    ['Download of https://h/x failed: HTTP 403 Forbidden', 'licence accepted'],
    ['Download of https://h/x failed: HTTP 429 Too Many Requests', 'slow down'],
    ['Download of https://h/x failed: HTTP 503 Service Unavailable', 'problem of its own'],
    ['write ENOSPC: no space left on device', 'disk is full'],
    ['getaddrinfo ENOTFOUND huggingface.co', 'could not be reached'],
    ['connect ECONNREFUSED 127.0.0.1:9', 'could not be reached'],
  ])('%s', (error, words) => {
    expect(downloadAdvice(error)).toContain(words);
  });

  it('says nothing it cannot explain', () => {
    expect(downloadAdvice('sha256 mismatch: expected ab, got cd')).toBeNull();
    expect(downloadAdvice('Download of https://h/x failed: HTTP 200 OK')).toBeNull();
  });
});
