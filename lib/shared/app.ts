// App records and API shapes shared by the engine, the API and the UI.
import { z } from 'zod';
import { jobStatusSchema } from './placement';
import { launchOptionsSchema } from './launch-options';
import { appStateSchema } from './app-state';
import { menuSchema } from './menu';

/** Where the browser loads an installed app's launcher icon: this path, then the app's name. */
export const ICONS_PATH = '/_hangar/icons/';

/** `[a-z0-9][a-z0-9._-]*`, at most 64 characters: a folder name and a URL path segment. */
export const APP_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const appNameSchema = z
  .string()
  .regex(
    APP_NAME_PATTERN,
    'an app name: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters',
  );

export const appSourceSchema = z.object({
  kind: z.enum(['git', 'folder', 'catalog']),
  /** Git URL, local repository path, or folder path the app came from. */
  location: z.string(),
  catalogId: z.string().optional(),
});
export type AppSource = z.infer<typeof appSourceSchema>;

/** A source git fetches by URL (anything else is a path on this machine). */
export const GIT_URL_PATTERN = /^(https?:\/\/|git@|ssh:\/\/|git:\/\/|file:\/\/)/i;

/** Whether the app was copied from a folder (a bundled catalog launcher, or a folder on this machine). */
export function isCopiedFolder(source: AppSource): boolean {
  return (
    source.kind === 'folder' ||
    (source.kind === 'catalog' && !GIT_URL_PATTERN.test(source.location))
  );
}

export const appFailureSchema = z.object({
  message: z.string(),
  step: z.number().optional(),
  lastLines: z.array(z.string()).optional(),
  runId: z.string().optional(),
});
export type AppFailure = z.infer<typeof appFailureSchema>;

/** A script of the app running outside its lifecycle while the app is not serving (reset.js, a question). */
export const appActivitySchema = z.object({
  runId: z.string(),
  /** The script, relative to the launcher's folder. */
  script: z.string(),
  /** What the launcher's menu calls it ("Ask a question"), or null. */
  title: z.string().nullable(),
  status: z.enum(['queued', 'running', 'waiting']),
});
export type AppActivity = z.infer<typeof appActivitySchema>;

export const appSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  icon: z.string().nullable(),
  state: appStateSchema,
  url: z.string().nullable(),
  port: z.number().nullable(),
  source: appSourceSchema,
  commit: z.string().nullable(),
  previousCommit: z.string().nullable(),
  error: appFailureSchema.nullable(),
  installedAt: z.number(),
  updatedAt: z.number(),
  /** The app's cluster job while it has one (Slurm's state and reason); null on this machine. */
  job: jobStatusSchema.nullable(),
  /** A script running while the app is installed, stopped or failed; Update, Roll back and Install wait for it. */
  activity: appActivitySchema.nullable(),
});
export type AppSummary = z.infer<typeof appSummarySchema>;

export const appDetailSchema = appSummarySchema.extend({
  restart: z.enum(['never', 'on-failure']),
  /** Earlier commits apps.rollback can return to, newest first (the first is where the next rollback goes). */
  generations: z.array(
    z.object({
      commit: z.string(),
      installHash: z.string().nullable(),
      at: z.number(),
      /** The commit a rollback left: going there returns forward (absent: an older commit). */
      newer: z.boolean().optional(),
    }),
  ),
  /** GPU indices the app is pinned to (CUDA_/HIP_VISIBLE_DEVICES at start), or null for all. */
  gpus: z.array(z.number()).nullable(),
  /** Arguments, environment, fixed port and auto-start applied at each start. */
  launch: launchOptionsSchema,
  /** GPU memory used by the app's process tree while it runs (null when unknown or no GPU). */
  gpuMemoryMiB: z.number().nullable(),
  /** The commit and branch a script.download/start pinned the app's folder to (hash/branch/pull), or null. */
  pin: z.object({ commit: z.string(), branch: z.string().nullable() }).nullable(),
  menu: menuSchema,
  scripts: z.array(z.string()),
  runs: z.array(
    z.object({ runId: z.string(), script: z.string(), status: z.string(), startedAt: z.number() }),
  ),
});
export type AppDetail = z.infer<typeof appDetailSchema>;
