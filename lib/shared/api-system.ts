// The contract's house methods: system facts and diagnosis, settings, downloads and the drive, terminals, auth.
import { z } from 'zod';
import { emptyParams, okResult, type ApiMethod } from './api-method';
import { appNameSchema } from './app';
import { authStatusSchema } from './auth';
import { clusterStatusSchema } from './cluster';
import { publicSettingsSchema, settingsPatchSchema } from './config';
import { diagnosticsBundleInfoSchema, doctorReportSchema, toolsInfoSchema } from './diagnosis';
import { downloadRecordSchema, driveEntrySchema, driveUsageSchema } from './downloads';
import { terminalInfoSchema } from './run';
import { systemInfoSchema } from './system';

const id = z.string().min(1).max(100);
const terminalsUiOnly =
  'a terminal is an interactive shell the browser shows; a command line has one';

export const systemMethods = {
  'system.info': {
    description:
      'Version, Node, platform, architecture, home path, GPUs and uptime of this Hangar.',
    params: emptyParams,
    result: systemInfoSchema,
  },
  'system.tools': {
    description:
      'Tools launchers need (git, python3, uv, conda, node, ffmpeg, compilers, CUDA): found, version, path, and the install command when missing. refresh probes again.',
    params: z.object({ refresh: z.boolean().optional() }).strict(),
    result: toolsInfoSchema,
  },
  'system.doctor': {
    description:
      'Doctor report: tools, GPUs, disk space of the home, bind/auth status, recent failures with their diagnosis, problems.',
    params: emptyParams,
    result: doctorReportSchema,
  },
  'cluster.status': {
    description:
      'The Slurm cluster of runners.slurm (config.json): partitions and nodes with CPUs, memory and GPUs free and used; configured false without one, error when Slurm cannot be read (a missing command, munge, the controller).',
    params: emptyParams,
    result: clusterStatusSchema,
  },
  'system.diagnostics': {
    description:
      'Write a diagnostics bundle (.tar.gz under logs/: config, versions, doctor report, the last logs of app) with secrets redacted; returns {file, bytes, entries}.',
    params: z.object({ app: appNameSchema.optional() }).strict(),
    result: diagnosticsBundleInfoSchema,
  },
  'settings.get': {
    description:
      'Settings of this Hangar (config.json); secrets are reported as set or not, never returned.',
    params: emptyParams,
    result: publicSettingsSchema,
    audited: true,
  },
  'settings.set': {
    description:
      'Change settings: hfToken (null removes it), hfEndpoint, proxy, noProxy, bandwidthLimit (bytes/s), allowHosts, stopTimeoutMs, logs {keepRuns, maxBytes}, appOrigins, stopAppsOnExit, updates. Returns the new settings; each applies at once except those marked in appliesAfterRestart (at the next start of Hangar).',
    params: settingsPatchSchema,
    result: publicSettingsSchema,
    audited: true,
  },
  'downloads.list': {
    description: 'Downloads, active and finished, with bytes, total, rate, ETA and state.',
    params: emptyParams,
    result: z.array(downloadRecordSchema),
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
    result: z.object({ id: z.string() }),
  },
  'downloads.cancel': {
    description:
      'Cancel a queued, running or paused download (its partial file is removed). A run waiting on it fails.',
    params: z.object({ id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'downloads.pause': {
    description:
      'Pause a queued or running download: the transfer stops, its partial file stays, a run waiting on it keeps waiting. A paused download stays paused across a restart of Hangar. False when it is not queued or running.',
    params: z.object({ id }).strict(),
    result: z.object({ paused: z.boolean() }),
  },
  'downloads.resume': {
    description: 'Resume a paused download from its partial file. False when it is not paused.',
    params: z.object({ id }).strict(),
    result: z.object({ resumed: z.boolean() }),
  },
  'downloads.retry': {
    description:
      'Start a failed or cancelled download again (from its partial file when one was kept). False when it is not failed or cancelled.',
    params: z.object({ id }).strict(),
    result: z.object({ retried: z.boolean() }),
  },
  'drive.list': {
    description: 'Models in the shared drive: kind, name, sha256, size and which apps use them.',
    params: emptyParams,
    result: z.array(driveEntrySchema),
  },
  'drive.usage': {
    description: 'Bytes used per app, bytes stored once in the drive, and bytes saved by sharing.',
    params: emptyParams,
    result: driveUsageSchema,
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
    result: z.object({ id: z.string() }),
    audited: true,
    uiOnly: terminalsUiOnly,
  },
  'terminals.list': {
    description: 'Open terminal sessions.',
    params: emptyParams,
    result: z.array(terminalInfoSchema),
    uiOnly: terminalsUiOnly,
  },
  'terminals.close': {
    description: 'Close a terminal session (its shell is stopped).',
    params: z.object({ id }).strict(),
    result: okResult,
    audited: true,
    uiOnly: terminalsUiOnly,
  },
  'auth.status': {
    description:
      'Whether login is required, whether a password is set, and whether Hangar serves HTTPS.',
    params: emptyParams,
    result: authStatusSchema,
    uiOnly: 'tells the browser whether to show the login page',
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
    result: okResult,
  },
} as const satisfies Record<string, ApiMethod>;
