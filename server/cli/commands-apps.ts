// CLI commands for apps: the catalog, install and lifecycle, update and rollback, removal and per-app settings.
import type { AppDetail } from '../../lib/shared/app';
import { shortCommit } from '../../lib/shared/format';
import { scriptRan, updateSummary, type UpdateCheck } from '../../lib/shared/updates';
import { apiCommand, callWith } from './api-command';
import { printJson, type CommandSpec, type Positional } from './command';
import { EXIT } from './errors';
import { formatTable } from './human';
import { waitForRun } from './run-wait';

const NAME: Positional = { label: 'NAME', field: 'name', help: 'the app', complete: 'app' };
const DETACH = {
  detach: { type: 'boolean', help: 'return once the run started instead of following it' },
} as const;

function formatApp(app: AppDetail): string {
  const rows: string[][] = [
    ['name', app.name],
    ['title', app.title],
    ['state', app.state],
    ['url', app.url ?? '-'],
    ['port', app.port === null ? '-' : String(app.port)],
    ['source', `${app.source.kind} ${app.source.location}`],
    ['commit', app.commit ?? '-'],
    ['restart', app.restart],
    ['gpus', app.gpus === null ? 'all' : app.gpus.join(',') || 'none'],
  ];
  if (app.error) rows.push(['error', app.error.message]);
  if (app.scripts.length > 0) rows.push(['scripts', app.scripts.join(' ')]);
  const runs = app.runs.map((run) => `  ${run.runId}  ${run.script}  ${run.status}\n`).join('');
  return formatTable(rows) + (runs ? `runs:\n${runs}` : '');
}

function formatUpdates(checks: UpdateCheck[]): string {
  if (checks.length === 0) return 'No update check yet. Check now with: hangar updates --check\n';
  return checks
    .map((c) => {
      const head = `${c.name}: ${updateSummary(c)}${c.error ? ` (last check failed: ${c.error})` : ''}\n`;
      return (
        head +
        c.changelog
          .map((e) => `  ${e.commit ? `${shortCommit(e.commit)} ` : ''}${e.subject}\n`)
          .join('')
      );
    })
    .join('');
}

export const appCommands: CommandSpec[] = [
  apiCommand({
    name: 'catalog',
    summary: 'list the apps of the bundled catalog',
    method: 'catalog.list',
    human: (items) => formatTable(items.map((item) => [item.id, item.title, item.source])),
  }),
  apiCommand({
    name: 'ps',
    summary: 'list installed apps: state, and address or the script running in an idle one',
    method: 'apps.list',
    human: (apps) =>
      apps.length === 0
        ? 'No apps installed. Install one with: hangar install <git-url|path|catalog-id>\n'
        : formatTable(
            apps.map((app) => [
              app.name,
              app.state,
              // An idle app's third column names the script running in its folder, if one is.
              app.url ?? (app.activity ? `${app.activity.script} ${app.activity.status}` : ''),
            ]),
          ),
  }),
  apiCommand({
    name: 'show',
    summary: 'one app: state, url, source, commit, restart policy, GPU pins, scripts and runs',
    method: 'apps.get',
    positionals: [NAME],
    human: formatApp,
  }),
  {
    name: 'install',
    summary: 'install from a git URL, a local path or a catalog id (follows the install log)',
    method: 'apps.install',
    alsoCalls: ['runs.get'],
    positionals: [
      {
        label: 'SOURCE',
        field: 'source',
        help: 'a git URL, a local repository or folder, or a catalog id',
        complete: 'dir',
      },
    ],
    notes: {
      name: { help: 'the name to install under (default: from the source)' },
      force: { help: "install even when the catalog's disk estimate is more than the free space" },
    },
    options: DETACH,
    async run(context, input) {
      const started = await callWith(context, 'apps.install', input.params);
      let code: number = EXIT.ok;
      if (started.runId && input.options.detach !== true)
        code = (await waitForRun(context, started.runId)).code;
      if (context.json) printJson(context, started);
      else if (input.options.detach === true || !started.runId)
        context.out(
          `Installing ${started.name}${started.runId ? ` (run ${started.runId})` : ''}\n`,
        );
      else if (code === EXIT.ok)
        context.out(`\nInstalled ${started.name}. Start it with: hangar start ${started.name}\n`);
      return code;
    },
  },
  apiCommand({
    name: 'start',
    summary: 'start an app and wait until it answers',
    method: 'apps.start',
    positionals: [NAME],
    notes: { 'timeout-ms': { help: 'how long to wait for the app to answer' } },
    human: (result, context, input) =>
      `${String(input.params.name)} is running at ${new URL(result.url, context.url).href}\n`,
  }),
  apiCommand({
    name: 'stop',
    summary: 'stop every process of an app',
    method: 'apps.stop',
    positionals: [NAME],
    human: (result) => `${result.name} ${result.state}\n`,
  }),
  {
    name: 'restart',
    summary: 'stop an app, then start it and wait until it answers',
    method: 'apps.start',
    alsoCalls: ['apps.stop'],
    positionals: [NAME],
    notes: { 'timeout-ms': { help: 'how long to wait for the app to answer' } },
    async run(context, input) {
      await callWith(context, 'apps.stop', { name: input.params.name });
      const result = await callWith(context, 'apps.start', input.params);
      if (context.json) printJson(context, result);
      else
        context.out(
          `${String(input.params.name)} is running at ${new URL(result.url, context.url).href}\n`,
        );
      return EXIT.ok;
    },
  },
  apiCommand({
    name: 'update',
    summary: 'pull the launcher and run its update script (a failed update rolls back)',
    method: 'apps.update',
    positionals: [NAME],
    human: (result) => {
      const at = (commit: string | null) => (commit ? shortCommit(commit) : '-');
      const ran = scriptRan(result.script);
      if (result.updated)
        return `${result.name} updated ${at(result.previousCommit)} -> ${at(result.commit)}${ran}\n`;
      return result.script
        ? `${result.name} had no new launcher (at ${at(result.commit)})${ran}\n`
        : `${result.name} is up to date (${at(result.commit)})\n`;
    },
  }),
  {
    name: 'rollback',
    summary: 'return an app to its previous generation (follows a re-install when one is needed)',
    method: 'apps.rollback',
    positionals: [NAME],
    alsoCalls: ['runs.get'],
    options: DETACH,
    async run(context, input) {
      const result = await callWith(context, 'apps.rollback', input.params);
      let code: number = EXIT.ok;
      if (result.runId && input.options.detach !== true)
        code = (await waitForRun(context, result.runId)).code;
      if (context.json) printJson(context, result);
      else
        context.out(
          `${result.name} rolled back ${result.previousCommit ?? '-'} -> ${result.commit}\n`,
        );
      return code;
    },
  },
  apiCommand({
    name: 'updates',
    summary: 'which git apps have an update available, with the changelog (--check fetches now)',
    method: 'apps.updates',
    human: formatUpdates,
  }),
  apiCommand({
    name: 'remove',
    summary: 'stop an app and delete its folder (models in the drive stay)',
    method: 'apps.remove',
    positionals: [NAME],
    notes: { 'keep-data': { help: 'move the folder under cache/removed instead of deleting it' } },
    human: (result) =>
      `${result.name} removed${result.keptAt ? `; its folder is kept at ${result.keptAt}` : ''}\n`,
  }),
  apiCommand({
    name: 'configure',
    summary: 'per-app settings: restart policy and GPU pins (prints the app)',
    method: 'apps.configure',
    positionals: [NAME],
    notes: {
      restart: { help: 'restart the app when it crashes (with backoff) or never' },
      gpus: {
        help: 'GPU indices to pin the app to (CUDA_/HIP_VISIBLE_DEVICES), or all',
        nullWords: ['all'],
      },
    },
    human: formatApp,
  }),
  apiCommand({
    name: 'options',
    summary: 'launch options: arguments, env, port, GPUs, autostart, restart (prints the app)',
    method: 'apps.configure',
    positionals: [NAME],
    notes: {
      args: { help: 'arguments appended to the command that serves the app (replaces the list)' },
      env: { help: 'environment variables as KEY=VALUE (replaces the list)' },
      port: { help: 'a fixed port for the app, or auto', nullWords: ['auto'] },
      autostart: { help: 'start the app when Hangar starts' },
      restart: { help: 'restart the app when it crashes (with backoff) or never' },
      gpus: { help: 'indices of detected GPUs to run the app on, or all', nullWords: ['all'] },
    },
    human: formatApp,
  }),
];
