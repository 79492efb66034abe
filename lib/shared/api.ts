// The JSON-RPC method table: names, param schemas and descriptions (the API's single source of truth).
import { z } from 'zod';
import { appNameSchema } from './app';
import { settingsPatchSchema } from './config';

export const emptyParams = z.object({}).strict();
const name = z.object({ name: appNameSchema }).strict();
const runId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'a run id');
const scriptPath = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[^\0]+$/, 'a script path');

export const apiMethods = {
  'system.info': {
    description:
      'Version, Node, platform, architecture, home path, GPUs and uptime of this Hangar.',
    params: emptyParams,
  },
  'catalog.list': {
    description:
      'Installable apps of the bundled catalog: [{id, title, description, icon, source, tags}].',
    params: emptyParams,
  },
  'apps.list': {
    description: 'Installed apps with their state, URL and source.',
    params: emptyParams,
  },
  'apps.get': {
    description:
      'One app: state, url, port, commit, the rendered launcher menu, its scripts and runs.',
    params: name,
  },
  'apps.install': {
    description:
      'Install from a git URL, a local repository or folder path, or a catalog id; runs the install script. Returns {name, runId}. Again for an app whose install failed: runs its install again.',
    params: z
      .object({ source: z.string().min(1).max(2000), name: appNameSchema.optional() })
      .strict(),
  },
  'apps.start': {
    description: 'Start the app and wait until it answers; returns {url, port, runId}.',
    params: z
      .object({
        name: appNameSchema,
        timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
      })
      .strict(),
  },
  'apps.stop': { description: 'Stop every process of the app.', params: name },
  'apps.update': {
    description:
      'Pull the launcher (and run its update script), recording the previous commit as a generation; a failed update rolls back by itself.',
    params: name,
  },
  'apps.rollback': {
    description:
      'Return the app to its previous generation (re-running the install when the install script differs). Returns {commit, previousCommit, runId}.',
    params: name,
  },
  'apps.remove': {
    description:
      'Stop the app and delete its folder (keepData moves it under cache/removed instead). Models in the drive stay.',
    params: z.object({ name: appNameSchema, keepData: z.boolean().optional() }).strict(),
  },
  'apps.configure': {
    description:
      'Per-app settings: restart ("never" or "on-failure", with backoff) and gpus (indices to pin, null for all). Returns the app.',
    params: z
      .object({
        name: appNameSchema,
        restart: z.enum(['never', 'on-failure']).optional(),
        gpus: z.array(z.number().int().min(0).max(63)).max(64).nullable().optional(),
      })
      .strict(),
  },
  'scripts.run': {
    description:
      "Run one of the app's scripts (a menu href such as reset.js) with optional params; returns {runId}.",
    params: z
      .object({
        name: appNameSchema,
        script: scriptPath,
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
  },
  'runs.list': {
    description: 'Runs, optionally of one app.',
    params: z.object({ name: appNameSchema.optional() }).strict(),
  },
  'runs.get': {
    description: 'One run: status, current step, error, pending input.',
    params: z.object({ runId }).strict(),
  },
  'runs.logs': {
    description: 'Log entries of a run after sinceSeq (each with seq, time, data).',
    params: z
      .object({
        runId,
        sinceSeq: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
  },
  'runs.logText': {
    description:
      "A page of a run's whole log file by byte offset: {text, offset, next, size, start, lastSeq}. Read from offset 0 until next equals size, then follow run:log entries after lastSeq.",
    params: z
      .object({
        runId,
        offset: z.number().int().min(0).optional(),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(4 * 1024 * 1024)
          .optional(),
      })
      .strict(),
  },
  'runs.stop': {
    description: 'Stop a run and its processes.',
    params: z.object({ runId }).strict(),
  },
  'runs.respond': {
    description: 'Answer a run waiting on an input step.',
    params: z.object({ runId, response: z.unknown() }).strict(),
  },
  'terminals.open': {
    description:
      'Open a terminal (a shell in a pty) in an app folder (with its venv when it has one) or the home; returns {id}.',
    params: z
      .object({
        app: appNameSchema.optional(),
        cwd: z.string().max(500).optional(),
        venv: z.string().max(500).optional(),
        cols: z.number().int().min(2).max(1000).default(100),
        rows: z.number().int().min(2).max(500).default(30),
        title: z.string().max(100).optional(),
      })
      .strict(),
  },
  'settings.get': {
    description:
      'Settings of this Hangar (config.json); secrets are reported as set or not, never returned.',
    params: emptyParams,
  },
  'settings.set': {
    description:
      'Change settings: hfToken (null removes it), hfEndpoint, allowHosts, stopTimeoutMs, logs {keepRuns, maxBytes}, appOrigins, stopAppsOnExit, updates. Returns the new settings; each applies at once except those marked in appliesAfterRestart (at the next start of Hangar).',
    params: settingsPatchSchema,
  },
  'downloads.list': {
    description: 'Downloads, active and finished, with bytes, total, rate, ETA and state.',
    params: emptyParams,
  },
  'downloads.start': {
    description:
      'Download a URL into the home (dest relative to the home, inside api/, drive/ or cache/), resumable and verified when sha256 is given. Returns {id}.',
    params: z
      .object({
        url: z.string().min(1).max(4000),
        dest: z.string().min(1).max(1000),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/i, 'a sha256 hex digest')
          .optional(),
      })
      .strict(),
  },
  'downloads.cancel': {
    description: 'Cancel a download (its partial file is removed).',
    params: z.object({ id: z.string().min(1).max(100) }).strict(),
  },
  'drive.list': {
    description: 'Models in the shared drive: kind, name, sha256, size and which apps use them.',
    params: emptyParams,
  },
  'drive.usage': {
    description: 'Bytes used per app, bytes stored once in the drive, and bytes saved by sharing.',
    params: emptyParams,
  },
  'terminals.list': { description: 'Open terminal sessions.', params: emptyParams },
  'terminals.close': {
    description: 'Close a terminal session (its shell is stopped).',
    params: z.object({ id: z.string().min(1).max(100) }).strict(),
  },
  'auth.status': {
    description:
      'Whether login is required, whether a password is set, and whether Hangar serves HTTPS.',
    params: emptyParams,
  },
  'auth.setPassword': {
    description:
      'Set the owner password (stored as a scrypt hash; currentPassword is needed to change one). Ends every session, so browsers log in again.',
    params: z
      .object({
        password: z.string().min(8).max(1024),
        currentPassword: z.string().max(1024).optional(),
      })
      .strict(),
  },
  // Tools, GPUs and diagnosis (issue 11).
  'system.tools': {
    description:
      'Tools launchers need (git, python3, uv, conda, node, ffmpeg, compilers, CUDA): found, version, path, and the install command when missing. refresh probes again.',
    params: z.object({ refresh: z.boolean().optional() }).strict(),
  },
  'system.doctor': {
    description:
      'Doctor report: tools, GPUs, disk space of the home, bind/auth status, recent failures with their diagnosis, problems.',
    params: emptyParams,
  },
  'system.diagnostics': {
    description:
      'Write a diagnostics bundle (.tar.gz under logs/: config, versions, doctor report, the last logs of app) with secrets redacted; returns {file, bytes, entries}.',
    params: z.object({ app: appNameSchema.optional() }).strict(),
  },
} as const satisfies Record<string, { description: string; params: z.ZodType }>;

export type ApiMethodName = keyof typeof apiMethods;
export type ApiParams<M extends ApiMethodName> = z.infer<(typeof apiMethods)[M]['params']>;
