// Failures of a download connection (refused, reset, cut short, malformed): transient by nature, so callers retry them.
export type WireFailure = 'connect' | 'broken' | 'cut' | 'protocol';

export class WireError extends Error {
  override name = 'WireError';

  constructor(
    readonly kind: WireFailure,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
