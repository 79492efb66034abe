// The contract's app methods: catalog, install and lifecycle, scripts and runs.
import { z } from 'zod';
import { emptyParams, nameParams, okResult, runIdParam, type ApiMethod } from './api-method';
import { appDetailSchema, appNameSchema, appSummarySchema } from './app';
import { catalogItemSchema } from './catalog';
import { updateCheckSchema } from './updates';
import { appDisplaysSchema } from './display';
import { runInfoSchema, runLogPageSchema, runLogTextSchema } from './run';
import { placementPatchSchema } from './placement';

const scriptPath = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[^\0]+$/, 'a script path');
const runIdParams = z.object({ runId: runIdParam }).strict();
const runStarted = z.object({ runId: z.string() });

/** apps.configure's params (the CLI's `configure` and `options` commands take the same). */
const appSettingsSchema = z
  .object({
    name: appNameSchema,
    restart: z.enum(['never', 'on-failure']).optional(),
    gpus: z.array(z.number().int().min(0).max(63)).max(64).nullable().optional(),
    args: z.array(z.string().max(4096)).max(256).optional(),
    env: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'KEY=VALUE'))
      .max(256)
      .optional(),
    port: z.number().int().min(1).max(65535).nullable().optional(),
    autostart: z.boolean().optional(),
    /** Where the app runs: runner local|slurm and the Slurm job's request (partition, gpus, cpus, memory, time, account). */
    placement: placementPatchSchema.optional(),
  })
  .strict();

export const appMethods = {
  'catalog.list': {
    description:
      'Installable apps of the bundled catalog: [{id, title, description, icon, source, tags}].',
    params: emptyParams,
    result: z.array(catalogItemSchema),
  },
  'apps.list': {
    description: 'Installed apps with their state, URL and source.',
    params: emptyParams,
    result: z.array(appSummarySchema),
  },
  'apps.get': {
    description:
      'One app: state, url, port, commit, the rendered launcher menu, its scripts and runs.',
    params: nameParams,
    result: appDetailSchema,
  },
  'apps.displays': {
    description:
      "The app's live virtual displays (Xvfb), whether x11vnc is installed to show them, and how to install it.",
    params: nameParams,
    result: appDisplaysSchema,
    uiOnly: "feeds the dashboard's live view of a virtual display, which needs a browser",
  },
  'apps.install': {
    description:
      'Install from a git URL, a local repository or folder path, or a catalog id; fetches it and runs the install script in one run. Returns {name, runId}. Again for an app whose install failed: runs its install again. A catalog entry whose disk estimate is more than the free space is refused with disk_full unless force.',
    params: z
      .object({
        source: z.string().min(1).max(2000),
        name: appNameSchema.optional(),
        force: z
          .boolean()
          .optional()
          .describe("install even when the catalog's disk estimate is more than the free space"),
      })
      .strict(),
    result: z.object({ name: z.string(), runId: z.string().nullable() }),
    audited: true,
  },
  'apps.installSpace': {
    description:
      "What a catalog entry says its install needs on disk (diskGb, null when it does not say) and the bytes free on the apps folder's disk (null when unknown); enough is false only when the estimate does not fit.",
    params: z.object({ source: z.string().min(1).max(2000) }).strict(),
    result: z.object({
      diskGb: z.number().nullable(),
      freeBytes: z.number().nullable(),
      enough: z.boolean(),
    }),
    uiOnly:
      "fills the install dialog's disk line; the CLI meets the same check as apps.install's disk_full",
  },
  'apps.suggestName': {
    description:
      "A name to install a source under: a catalog entry's id, a local launcher's title made a valid name, or the repository or folder name; numbered (comfyui-2) when another app has it, which `taken` then names.",
    params: z.object({ source: z.string().min(1).max(2000) }).strict(),
    result: z.object({
      name: z.string(),
      title: z.string().nullable(),
      taken: z.string().nullable(),
    }),
    uiOnly: "pre-fills the install form's name field as the user types a source",
  },
  'apps.start': {
    description: 'Start the app and wait until it answers; returns {url, port, runId}.',
    params: z
      .object({
        name: appNameSchema,
        timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
      })
      .strict(),
    result: z.object({ url: z.string(), port: z.number(), runId: z.string() }),
    audited: true,
  },
  'apps.stop': {
    description: 'Stop every process of the app.',
    params: nameParams,
    result: z.object({ name: z.string(), state: z.string() }),
    audited: true,
  },
  'apps.update': {
    description:
      'Pull the launcher (and run its update script), recording the previous commit as a generation; a failed update rolls back by itself. updated is false when the launcher had nothing new; script names the update script that ran (null: none).',
    params: nameParams,
    result: z.object({
      name: z.string(),
      commit: z.string().nullable(),
      previousCommit: z.string().nullable(),
      updated: z.boolean(),
      script: z.string().nullable(),
    }),
    audited: true,
  },
  'apps.rollback': {
    description:
      'Return the app to its previous generation (re-running the install when the install script differs). Returns {commit, previousCommit, runId}.',
    params: nameParams,
    result: z.object({
      name: z.string(),
      commit: z.string(),
      previousCommit: z.string().nullable(),
      runId: z.string().nullable(),
    }),
    audited: true,
  },
  'apps.updates': {
    description:
      "Whether an update is available for each git app: {name, behind, ahead, changelog, checkedAt, error} from the last fetch of its upstream; check: true fetches every app's upstream now (a failed fetch is reported in error).",
    params: z.object({ check: z.boolean().optional() }).strict(),
    result: z.array(updateCheckSchema),
  },
  'apps.remove': {
    description:
      'Stop the app and delete its folder (keepData moves it under cache/removed instead). Models in the drive stay.',
    params: z.object({ name: appNameSchema, keepData: z.boolean().optional() }).strict(),
    result: z.object({ name: z.string(), keptAt: z.string().nullable() }),
    audited: true,
  },
  'apps.configure': {
    description:
      'Per-app settings and launch options, applied at the next start: restart ("never" or "on-failure", with backoff), gpus (indices of detected GPUs, null for all), args (appended to the serving command), env (KEY=VALUE entries), port (a number, or null for a free one at each start), autostart (start with Hangar), placement (runner "local" or "slurm" with partition, gpus, cpus, memory, time, account; fields given replace the stored ones, null clears one). Returns the app.',
    params: appSettingsSchema,
    result: appDetailSchema,
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
    result: runStarted,
    audited: true,
  },
  'scripts.runUri': {
    description:
      'Run a script by URI: a path relative to the folder of app, an absolute or ~/ path inside the Hangar home, or a git URL with a file path (https://host/owner/repo.git/install.js, cloned on first use). Returns {runId, app, file}.',
    params: z
      .object({
        uri: z
          .string()
          .min(1)
          .max(2000)
          .regex(/^[^\0]+$/, 'a script URI'),
        app: appNameSchema.optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    result: z.object({ runId: z.string(), app: z.string().nullable(), file: z.string() }),
    audited: true,
  },
  'runs.list': {
    description: 'Runs, optionally of one app.',
    params: z.object({ name: appNameSchema.optional() }).strict(),
    result: z.array(runInfoSchema),
  },
  'runs.get': {
    description: 'One run: status, current step, error, pending input.',
    params: runIdParams,
    result: runInfoSchema,
  },
  'runs.logs': {
    description: 'Log entries of a run after sinceSeq (each with seq, time, data).',
    params: z
      .object({
        runId: runIdParam,
        sinceSeq: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
    result: runLogPageSchema,
  },
  'runs.logText': {
    description:
      "A page of a run's whole log file by byte offset: {text, offset, next, size, start, lastSeq}. Read from offset 0 until next equals size, then follow run:log entries after lastSeq.",
    params: z
      .object({
        runId: runIdParam,
        offset: z.number().int().min(0).optional(),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(4 * 1024 * 1024)
          .optional(),
      })
      .strict(),
    result: runLogTextSchema,
  },
  'runs.stop': {
    description: 'Stop a run and its processes.',
    params: runIdParams,
    result: runInfoSchema,
  },
  'runs.respond': {
    description: 'Answer a run waiting on an input step.',
    params: z.object({ runId: runIdParam, response: z.unknown() }).strict(),
    result: okResult,
    uiOnly: 'answers the input form the browser shows for a waiting run',
  },
  'runs.write': {
    description:
      'Type into the shell of a run that takes keystrokes (shell.run with input: true); data is sent as is (end a line with \\r).',
    params: z
      .object({
        runId: runIdParam,
        data: z
          .string()
          .min(1)
          .max(64 * 1024),
      })
      .strict(),
    result: okResult,
  },
} as const satisfies Record<string, ApiMethod>;
