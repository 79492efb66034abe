// A download cancelled by the user (not by stopping the run, nor by a shutdown) fails its step saying how to go on.
import { EngineError, isEngineError } from '../../errors';

/** The error a step fails with when its download ends: a user's cancel explained, anything else as it is. */
export function explainCancel(
  error: unknown,
  name: string,
  url: string,
  signal: AbortSignal,
): unknown {
  const byUser = isEngineError(error) && error.details?.reason !== 'shutdown';
  if (signal.aborted || !byUser || error.code !== 'cancelled') return error;
  return new EngineError(
    'cancelled',
    `${name}: the download of ${url} was cancelled (in the downloads panel or with hangar downloads cancel); retry it there or run this script again`,
    { cause: error },
  );
}
