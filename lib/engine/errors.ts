// Typed engine error: every failure the engine reports carries a stable code.
import type { ErrorCode } from '../shared/errors';

export interface EngineErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.details = options.details;
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** Message of any thrown value, for logs and error wrapping. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
