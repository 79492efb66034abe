// CLI commands for scripts and runs: run a script, list and stop runs, print and follow their logs.
import { apiCommand, callWith } from './api-command';
import { printJson, type CliContext, type CommandSpec, type Positional } from './command';
import { EXIT, UsageError } from './errors';
import { ENDED_STATUSES, followRun } from './follow';
import { formatTable } from './human';
import { waitForRun } from './run-wait';
import { LogLineAssembler } from '../../lib/shared/log-text';

const RUN_ID: Positional = { label: 'RUNID', field: 'runId', help: 'the run (see hangar runs)' };
const PAGE_BYTES = 4 * 1024 * 1024;

/** A run id, or an app's latest run when `target` names an installed app. */
async function resolveRun(context: CliContext, target: string): Promise<string> {
  const apps = await context.rpc.call('apps.list');
  if (!apps.some((app) => app.name === target)) return target;
  const runs = await context.rpc.call('runs.list', { name: target });
  if (runs.length === 0) throw new UsageError(`${target} has no runs yet`);
  return runs[runs.length - 1].runId;
}

export const runCommands: CommandSpec[] = [
  {
    name: 'run',
    summary:
      "run an app's script (NAME SCRIPT), or a script by URI (a path, or a git URL with a file)",
    method: 'scripts.run',
    alsoCalls: ['runs.get', 'scripts.runUri'],
    positionals: [
      { label: 'NAME|URI', field: 'name', help: 'the app, or a script URI', complete: 'app' },
      {
        label: 'SCRIPT',
        field: 'script',
        optional: true,
        help: 'the script, relative to the app folder (absent: NAME is a URI)',
      },
    ],
    notes: { params: { help: 'params the script reads as {{args.*}}, a JSON object' } },
    options: {
      detach: { type: 'boolean', help: 'print the run id once started instead of following it' },
      app: { type: 'string', help: 'with a URI: the app a relative URI is inside of' },
    },
    async run(context, input) {
      const { name, script, params } = input.params;
      const app = input.options.app;
      const started =
        script === undefined
          ? await callWith(context, 'scripts.runUri', {
              uri: name as string,
              ...(typeof app === 'string' ? { app } : {}),
              ...(params ? { params: params as Record<string, unknown> } : {}),
            })
          : await callWith(context, 'scripts.run', input.params);
      let code: number = EXIT.ok;
      if (input.options.detach !== true) code = (await waitForRun(context, started.runId)).code;
      if (context.json) printJson(context, started);
      else if (input.options.detach === true) context.out(`${started.runId}\n`);
      return code;
    },
  },
  apiCommand({
    name: 'runs list',
    summary: 'runs, optionally of one app',
    method: 'runs.list',
    positionals: [
      { label: 'NAME', field: 'name', optional: true, help: 'the app', complete: 'app' },
    ],
    human: (runs) =>
      runs.length === 0
        ? 'No runs.\n'
        : formatTable(runs.map((run) => [run.runId, run.app ?? '-', run.script, run.status])),
  }),
  apiCommand({
    name: 'runs show',
    summary: 'one run: status, current step, error, pending input',
    method: 'runs.get',
    positionals: [RUN_ID],
  }),
  apiCommand({
    name: 'runs stop',
    summary: 'stop a run and its processes',
    method: 'runs.stop',
    positionals: [RUN_ID],
    human: (run) => `${run.runId} ${run.status}\n`,
  }),
  {
    name: 'runs write',
    summary: "type a line into a run's interactive shell (a shell.run with input: true)",
    method: 'runs.write',
    positionals: [RUN_ID, { label: 'TEXT', field: 'data', help: 'what to type; Enter follows it' }],
    options: { raw: { type: 'boolean', help: 'send TEXT as it is, without the Enter after it' } },
    async run(context, input) {
      const text = String(input.params.data);
      const data = input.options.raw === true ? text : `${text}\r`;
      const result = await callWith(context, 'runs.write', { ...input.params, data });
      if (context.json) printJson(context, result);
      return EXIT.ok;
    },
  },
  apiCommand({
    name: 'runs entries',
    summary: "a run's recent log entries after --since-seq (what memory holds, with their seq)",
    method: 'runs.logs',
    positionals: [RUN_ID],
    human: (page) =>
      page.entries.map((entry) => entry.data).join('') +
      (page.truncated ? '\n(older entries fell out of memory; see hangar logs)\n' : ''),
  }),
  {
    name: 'logs',
    summary: "print a run's whole log (an app's latest run by default); -f follows it",
    method: 'runs.logText',
    alsoCalls: ['apps.list', 'runs.list', 'runs.get'],
    positionals: [
      { label: 'NAME|RUNID', help: 'an app (its latest run) or a run id', complete: 'app' },
    ],
    hiddenFields: ['run-id', 'offset', 'max-bytes'],
    options: {
      follow: {
        type: 'boolean',
        short: 'f',
        help: 'keep printing what the run prints until it ends (with --json: one JSON line per log entry after the page)',
      },
    },
    async run(context, input) {
      const runId = await resolveRun(context, input.args[0]);
      const run = await context.rpc.call('runs.get', { runId });
      // The whole log file page by page; with --json, one page covering all of it (the method's result shape).
      let page = await context.rpc.call('runs.logText', { runId, offset: 0, maxBytes: PAGE_BYTES });
      const parts = [page.text];
      // Printed clean: carriage-return redraws collapse to their last state and spinner frames vanish.
      const lines = new LogLineAssembler();
      const print = (text: string) => {
        const done = lines.push(text);
        if (done.length > 0) context.out(`${done.join('\n')}\n`);
      };
      if (!context.json) print(page.text);
      const first = page;
      while (page.next < page.size) {
        page = await context.rpc.call('runs.logText', {
          runId,
          offset: page.next,
          maxBytes: PAGE_BYTES,
        });
        if (context.json) parts.push(page.text);
        else print(page.text);
      }
      // The line being written when the page ended; -f goes on from it as the run writes it.
      if (!context.json && lines.current()) context.out(lines.current());
      if (context.json) printJson(context, { ...page, text: parts.join(''), offset: first.offset });
      if (input.options.follow !== true || ENDED_STATUSES.has(run.status)) return EXIT.ok;
      const status = await followRun({
        url: context.url,
        token: context.token,
        runId,
        sinceSeq: page.lastSeq,
        untilEnd: true,
        currentStatus: () => context.rpc.call('runs.get', { runId }).then((run) => run.status),
        write: (text, seq) =>
          context.out(context.json ? `${JSON.stringify({ seq, data: text })}\n` : text),
      });
      return status === 'finished' || status === 'running' ? EXIT.ok : EXIT.failed;
    },
  },
];
