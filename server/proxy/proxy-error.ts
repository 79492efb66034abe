// Typed error of the proxy module, carrying a stable application code.
import type { ErrorCode } from '../../lib/shared/errors';

export class ProxyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ProxyError';
    this.code = code;
  }
}
