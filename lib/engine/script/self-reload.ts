// Pinokio loads a script again before each step: a `.js` script edited by an earlier step is what `self` shows next.
import { EngineError, errorMessage } from '../errors';
import type { LoadedScript } from './loader';

/**
 * Reloads a `.js` script's `self` from disk (fresh modules, so JSON files it requires are read again). The
 * steps stay those the run started with, as Pinokio keeps a run's steps once resolved. JSON scripts need no
 * reload: `json.set`/`self.set` on them update `self` as they write.
 */
export async function reloadSelf(loaded: LoadedScript, step: number): Promise<void> {
  if (loaded.format !== 'js' || !loaded.reload) return;
  let next: LoadedScript;
  try {
    next = await loaded.reload();
  } catch (error) {
    throw new EngineError(
      'script_error',
      `step ${step + 1}: ${loaded.file} changed on disk and no longer loads: ${errorMessage(error)}`,
      { details: { file: loaded.file, step }, cause: error },
    );
  }
  loaded.self = next.self;
}
