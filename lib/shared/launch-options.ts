// Per-app launch options: arguments appended to the serving command, environment, a fixed port, auto-start, and
// where the app runs (this machine or a cluster).
import { z } from 'zod';
import { placementSchema } from './placement';

/** An environment variable name (POSIX portable: letters, digits, underscore; not starting with a digit). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const launchOptionsSchema = z.object({
  /** Appended to the command that serves the app (after the proxy profile's own arguments). */
  args: z.array(z.string()),
  /** Set for every process of the app's start (over the launcher's ENVIRONMENT). */
  env: z.record(z.string(), z.string()),
  /** The port `{{port}}` gives the start script; null: a free one is chosen at each start. */
  port: z.number().int().min(1).max(65535).nullable(),
  /** Start the app when Hangar starts (after running apps are adopted). */
  autostart: z.boolean(),
  /** Where the serving process runs (absent: this machine). */
  placement: placementSchema.optional(),
});
export type LaunchOptions = z.infer<typeof launchOptionsSchema>;

export const DEFAULT_LAUNCH_OPTIONS: LaunchOptions = {
  args: [],
  env: {},
  port: null,
  autostart: false,
};

/** `KEY=VALUE` entries (CLI and API form) as a record; a bad entry is named in the error message. */
export function parseEnvEntries(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (eq < 0 || !ENV_NAME.test(key))
      throw new Error(
        `env entry "${entry}" is not KEY=VALUE with KEY made of letters, digits and underscores`,
      );
    env[key] = entry.slice(eq + 1);
  }
  return env;
}
