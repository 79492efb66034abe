// Applying an apps.configure call to an app's stored launch options.
import {
  DEFAULT_LAUNCH_OPTIONS,
  parseEnvEntries,
  type LaunchOptions,
} from '../../shared/launch-options';
import { LOCAL_PLACEMENT, patchPlacement, type PlacementPatch } from '../../shared/placement';
import { EngineError } from '../errors';

/** What apps.configure may change; absent fields stay as they are. */
export interface AppSettings {
  restart?: 'never' | 'on-failure';
  gpus?: number[] | null;
  /** Replaces the arguments appended to the serving command. */
  args?: string[];
  /** Replaces the environment: `KEY=VALUE` entries. */
  env?: string[];
  /** A fixed port, or null for a free one at each start. */
  port?: number | null;
  autostart?: boolean;
  /** Merged into the stored placement (null clears a field). */
  placement?: PlacementPatch;
}

/** The launch options after `settings`; a bad env entry is an invalid_params error naming it. */
export function launchOptionsOf(
  current: LaunchOptions | undefined,
  settings: AppSettings,
): LaunchOptions {
  const base = current ?? DEFAULT_LAUNCH_OPTIONS;
  let env = base.env;
  if (settings.env !== undefined) {
    try {
      env = parseEnvEntries(settings.env);
    } catch (error) {
      throw new EngineError('invalid_params', (error as Error).message, {
        details: { field: 'env' },
      });
    }
  }
  const placement = settings.placement
    ? patchPlacement(base.placement ?? LOCAL_PLACEMENT, settings.placement)
    : base.placement;
  return {
    ...(placement ? { placement } : {}),
    args: settings.args ?? base.args,
    env,
    port: settings.port === undefined ? base.port : settings.port,
    autostart: settings.autostart ?? base.autostart,
  };
}
