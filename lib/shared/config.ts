// Schema of the home's config.json (user settings persisted by Hangar).
import { z } from 'zod';
import { APP_ORIGIN_MODES } from './app-origin';
import { slurmConfigSchema } from './placement';

/** Six hours between fetches of the apps' upstreams. */
export const UPDATE_CHECK_DEFAULT_SECONDS = 6 * 3600;

export const RESTART_DEFAULTS = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRestarts: 5,
  resetAfterMs: 60_000,
};

const restartsSchema = z
  .object({
    baseDelayMs: z.number().int().min(10).max(600_000).default(RESTART_DEFAULTS.baseDelayMs),
    maxDelayMs: z.number().int().min(10).max(3_600_000).default(RESTART_DEFAULTS.maxDelayMs),
    maxRestarts: z.number().int().min(0).max(100).default(RESTART_DEFAULTS.maxRestarts),
    resetAfterMs: z.number().int().min(0).max(86_400_000).default(RESTART_DEFAULTS.resetAfterMs),
  })
  .strict();

/** NO_PROXY's list: printable text only (it becomes an environment variable of git and of every app). */
const noProxySchema = z
  .string()
  .max(4000)
  .regex(/^\P{Cc}*$/u, {
    error: 'expected host names, domains, IPs or CIDR ranges, comma-separated',
  });

/** An http:// proxy (the scheme may be left out, as curl allows): `[http://][user:pass@]host[:port][/]`. */
const proxyUrlSchema = z
  .string()
  .min(1)
  .max(2000)
  .regex(
    /^(?:http:\/\/)?(?:[^\s/@\p{Cc}]+@)?(?:\[[0-9a-f:.]+\]|[^\s/@:\p{Cc}]+)(?::\d{1,5})?\/?$/iu,
    {
      error: 'expected an http:// proxy URL: http://[user:password@]host:port',
    },
  );

export const homeConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    hfToken: z.string().min(1).optional(),
    hfEndpoint: z.string().url().optional(),
    /** http:// proxy for downloads, git and apps (over HTTPS_PROXY/HTTP_PROXY); `user:pass@` for Basic auth. */
    proxy: proxyUrlSchema.optional(),
    /** Hosts never proxied (curl's NO_PROXY form), added to the environment's NO_PROXY. */
    noProxy: noProxySchema.optional(),
    /** Bytes per second shared by all downloads at once. */
    bandwidthLimit: z.number().int().min(1024).optional(),
    allowHosts: z.array(z.string().min(1)).default([]),
    stopTimeoutMs: z.number().int().min(0).max(120_000).default(5000),
    /**
     * `origin` (default): every app at the root of its own browser origin, so no app page shares Hangar's trust;
     * `path`: apps under /apps/<name>/ on Hangar's origin, where any app page can act as the user on Hangar.
     * Read at start (the server's routing and the apps' base paths follow it).
     */
    appOrigins: z.enum(APP_ORIGIN_MODES).default('origin'),
    /**
     * A graceful stop of Hangar (SIGTERM, Ctrl-C) also stops the apps. With false they keep running, recorded, and the
     * next Hangar adopts them (as it always does after a crash).
     */
    stopAppsOnExit: z.boolean().default(true),
    /** Run logs kept on disk: finished runs per app, and bytes in all (the oldest finished runs go first). */
    logs: z
      .object({
        keepRuns: z.number().int().min(0).max(100_000).default(50),
        maxBytes: z
          .number()
          .int()
          .min(0)
          .default(500 * 1024 * 1024),
      })
      .strict()
      .default({ keepRuns: 50, maxBytes: 500 * 1024 * 1024 }),
    portRange: z
      .object({
        from: z.number().int().min(1024).max(65535),
        to: z.number().int().min(1024).max(65535),
      })
      .default({ from: 42003, to: 42999 }),
    /**
     * The program terminals open, with its arguments (default: $SHELL, interactive). Set in the file only:
     * no API can change which program Hangar starts.
     */
    terminalShell: z
      .object({ file: z.string().min(1), args: z.array(z.string()).max(32).default([]) })
      .strict()
      .optional(),
    /**
     * Updates: how many earlier commits (generations) each app keeps to roll back to, and how often (seconds) the
     * git apps' upstreams are fetched to see whether an update is available (0: never).
     */
    updates: z
      .object({
        keepGenerations: z.number().int().min(1).max(50).default(3),
        checkEverySeconds: z
          .number()
          .int()
          .min(0)
          .max(604_800)
          .default(UPDATE_CHECK_DEFAULT_SECONDS),
      })
      .strict()
      .default({ keepGenerations: 3, checkEverySeconds: UPDATE_CHECK_DEFAULT_SECONDS }),
    /**
     * The `on-failure` restart policy: the first wait (doubling per attempt up to maxDelayMs), and how many restarts
     * in a row before the app stays failed (the count resets once the app ran for resetAfterMs).
     */
    restarts: restartsSchema.default(RESTART_DEFAULTS),
    /**
     * Where apps may run besides this machine: `slurm` submits an app's serving process to a Slurm cluster (see the
     * README's "Running on a cluster"). Set in the file only; read at start.
     */
    runners: z.object({ slurm: slurmConfigSchema.optional() }).strict().optional(),
  })
  .strict();

export type HomeConfig = z.infer<typeof homeConfigSchema>;

/** What `settings.set` accepts: any subset of the config; `hfToken: null` removes the token. */
export const settingsPatchSchema = z
  .object({
    hfToken: z.string().min(1).max(500).nullable().optional(),
    hfEndpoint: z.string().url().nullable().optional(),
    proxy: proxyUrlSchema.nullable().optional(),
    noProxy: noProxySchema.nullable().optional(),
    bandwidthLimit: z.number().int().min(1024).nullable().optional(),
    allowHosts: z.array(z.string().min(1).max(253)).max(50).optional(),
    stopTimeoutMs: z.number().int().min(0).max(120_000).optional(),
    /** Merged into the current values; applies from the next prune (at the end of each run). */
    logs: z
      .object({
        keepRuns: z.number().int().min(0).max(100_000).optional(),
        maxBytes: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    /** Applies at the next start of Hangar (routing and the apps' base paths are set up then). */
    appOrigins: z.enum(APP_ORIGIN_MODES).optional(),
    stopAppsOnExit: z.boolean().optional(),
    /** Merged into the current values; a new check interval applies at once. */
    updates: z
      .object({
        keepGenerations: z.number().int().min(1).max(50).optional(),
        checkEverySeconds: z.number().int().min(0).max(604_800).optional(),
      })
      .strict()
      .optional(),
    /** Merged into the current values; applies from the next restart it schedules. */
    restarts: restartsSchema.partial().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** A setting `settings.set` can change. */
export type SettingKey = keyof SettingsPatch;

/**
 * When a change through `settings.set` takes effect: `live` from the next request, stop, download or run that reads
 * it; `restart` at the next start of Hangar (the server is set up with it once). The table covers every settable key.
 */
export const SETTING_APPLIES = {
  hfToken: 'live',
  hfEndpoint: 'live',
  proxy: 'live',
  noProxy: 'live',
  bandwidthLimit: 'live',
  allowHosts: 'live',
  stopTimeoutMs: 'live',
  logs: 'live',
  appOrigins: 'restart',
  stopAppsOnExit: 'live',
  updates: 'live',
  restarts: 'live',
} as const satisfies Record<SettingKey, 'live' | 'restart'>;

/** The settings whose changes apply at the next start of Hangar. */
export const RESTART_SETTINGS = (Object.keys(SETTING_APPLIES) as SettingKey[]).filter(
  (key) => SETTING_APPLIES[key] === 'restart',
);

const settingKeySchema = settingsPatchSchema.keyof();

/** What `settings.get` shows: the config without secrets (a token is reported as set or not). */
export const publicSettingsSchema = homeConfigSchema.omit({ hfToken: true }).extend({
  hfTokenSet: z.boolean(),
  /** `true` for each setting whose change applies at the next start of Hangar; the others apply at once. */
  appliesAfterRestart: z.partialRecord(settingKeySchema, z.literal(true)),
  /** The restart-only settings changed since this Hangar started: their new value is not in effect yet. */
  pendingRestart: z.array(settingKeySchema),
});
export type PublicSettings = z.infer<typeof publicSettingsSchema>;
