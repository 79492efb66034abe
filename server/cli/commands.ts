// The CLI's commands that talk to a running Hangar over JSON-RPC (and Socket.IO to follow logs).
import { formatDoctorReport } from '../../lib/engine';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { ENDED_STATUSES, followRun } from './follow';
import type { RunStatus } from '../../lib/shared/events';
import type { RpcClient } from './rpc-client';

export interface CliContext {
  args: ParsedArgs;
  json: boolean;
  rpc: RpcClient;
  url: string;
  token: string | undefined;
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

type Command = (context: CliContext) => Promise<number>;

function positional(context: CliContext, index: number, what: string): string {
  const value = context.args.positionals[index];
  if (!value) throw new UsageError(`missing ${what}; see hangar help`);
  return value;
}

function printJson(context: CliContext, value: unknown): void {
  context.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Follows a run to its end (printing its log unless --json); exit 0 only when it finished well. */
async function waitForRun(
  context: CliContext,
  runId: string,
  okStatuses: RunStatus[],
): Promise<{ status: RunStatus; code: number }> {
  const status = await followRun({
    url: context.url,
    token: context.token,
    runId,
    untilEnd: true,
    write: (text) => {
      if (!context.json) context.out(text);
    },
    progress: (text) => {
      if (!context.json && context.isTty) context.err(`\x1b[2K\r${text}\n`);
    },
  });
  const code = okStatuses.includes(status) ? 0 : 1;
  if (code !== 0 && !context.json) await explainFailure(context, runId);
  return { status, code };
}

/** Prints why a run failed and, when Hangar recognised the error, what to do next. */
async function explainFailure(context: CliContext, runId: string): Promise<void> {
  const run = await context.rpc.call('runs.get', { runId });
  if (!run.error) return;
  context.err(`\nhangar: ${run.error.message}\n`);
  if (run.error.diagnosis)
    context.err(
      `What happened: ${run.error.diagnosis.explanation}\nNext step: ${run.error.diagnosis.nextStep}\n`,
    );
}

export const COMMANDS: Record<string, Command> = {
  async info(context) {
    const info = await context.rpc.call('system.info');
    if (context.json) printJson(context, info);
    else
      for (const [key, value] of Object.entries(info))
        context.out(
          `${key.padEnd(9)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`,
        );
    return 0;
  },

  async ps(context) {
    const apps = await context.rpc.call('apps.list');
    if (context.json) return (printJson(context, apps), 0);
    if (apps.length === 0)
      context.out(
        'No apps installed. Install one with: hangar install <git-url|path|catalog-id>\n',
      );
    for (const app of apps)
      context.out(`${app.name.padEnd(24)} ${app.state.padEnd(15)} ${app.url ?? ''}\n`);
    return 0;
  },

  async install(context) {
    const source = positional(context, 0, 'SOURCE (a git URL, path or catalog id)');
    const name = typeof context.args.flags.name === 'string' ? context.args.flags.name : undefined;
    const started = await context.rpc.call('apps.install', {
      source,
      ...(name ? { name } : {}),
    });
    if (started.runId && context.args.flags.detach !== true) {
      const { status, code } = await waitForRun(context, started.runId, ['finished', 'running']);
      const app = await context.rpc.call('apps.get', { name: started.name });
      if (context.json) printJson(context, { ...started, status, state: app.state });
      else
        context.out(
          code === 0
            ? `\nInstalled ${started.name}. Start it with: hangar start ${started.name}\n`
            : `\nInstall of ${started.name} ${status}.\n`,
        );
      return code;
    }
    if (context.json) printJson(context, started);
    else
      context.out(`Installing ${started.name}${started.runId ? ` (run ${started.runId})` : ''}\n`);
    return 0;
  },

  async start(context) {
    const name = positional(context, 0, 'NAME');
    const result = await context.rpc.call('apps.start', { name });
    if (context.json) printJson(context, result);
    else context.out(`${name} is running at ${new URL(result.url, context.url).href}\n`);
    return 0;
  },

  async stop(context) {
    const name = positional(context, 0, 'NAME');
    const result = await context.rpc.call('apps.stop', { name });
    if (context.json) printJson(context, result);
    else context.out(`${name} stopped\n`);
    return 0;
  },

  async run(context) {
    const name = positional(context, 0, 'NAME');
    const script = positional(context, 1, 'SCRIPT');
    let params: Record<string, unknown> | undefined;
    if (typeof context.args.flags.params === 'string') {
      try {
        params = JSON.parse(context.args.flags.params) as Record<string, unknown>;
      } catch {
        throw new UsageError('--params must be a JSON object');
      }
    }
    const { runId } = await context.rpc.call('scripts.run', {
      name,
      script,
      ...(params ? { params } : {}),
    });
    if (context.args.flags.detach === true)
      return context.json ? (printJson(context, { runId }), 0) : (context.out(`${runId}\n`), 0);
    const { status, code } = await waitForRun(context, runId, ['finished', 'running']);
    if (context.json) printJson(context, { runId, status });
    return code;
  },

  async doctor(context) {
    const report = await context.rpc.call('system.doctor');
    if (context.json) printJson(context, report);
    else context.out(formatDoctorReport(report));
    return 0;
  },

  async diagnostics(context) {
    const app = context.args.positionals[0];
    const bundle = await context.rpc.call('system.diagnostics', app ? { app } : {});
    if (context.json) printJson(context, bundle);
    else context.out(`Diagnostics bundle written (secrets redacted): ${bundle.file}\n`);
    return 0;
  },

  async logs(context) {
    const target = positional(context, 0, 'NAME or RUNID');
    let runId = target;
    const apps = await context.rpc.call('apps.list');
    if (apps.some((app) => app.name === target)) {
      const runs = await context.rpc.call('runs.list', { name: target });
      if (runs.length === 0) throw new UsageError(`${target} has no runs yet`);
      runId = runs[runs.length - 1].runId;
    }
    const follow = context.args.flags.f === true || context.args.flags.follow === true;
    const run = await context.rpc.call('runs.get', { runId });
    // The whole run from its log file, page by page; then, when following, what it prints next.
    let offset = 0;
    let lastSeq = 0;
    const parts: string[] = [];
    for (;;) {
      const page = await context.rpc.call('runs.logText', {
        runId,
        offset,
        maxBytes: 4 * 1024 * 1024,
      });
      if (context.json) parts.push(page.text);
      else context.out(page.text);
      offset = page.next;
      lastSeq = page.lastSeq;
      if (page.next >= page.size) break;
    }
    if (context.json) printJson(context, { runId, status: run.status, text: parts.join('') });
    if (!follow || ENDED_STATUSES.has(run.status)) return 0;
    const status = await followRun({
      url: context.url,
      token: context.token,
      runId,
      sinceSeq: lastSeq,
      untilEnd: true,
      write: (text) => (context.json ? undefined : context.out(text)),
    });
    return status === 'finished' || status === 'running' ? 0 : 1;
  },
};
