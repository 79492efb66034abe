// CLI commands for the house: system facts and diagnosis, settings, downloads, the model drive and the password.
import { formatDoctorReport } from '../../lib/engine';
import { apiCommand, callWith } from './api-command';
import { printJson, type CommandSpec } from './command';
import { EXIT, UsageError } from './errors';
import { formatBytes, formatTable, formatValue } from './human';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('pipe the password in: hangar password < file', 'password');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const systemCommands: CommandSpec[] = [
  apiCommand({
    name: 'info',
    summary: 'version, Node, platform, home, GPUs and uptime of the running Hangar',
    method: 'system.info',
  }),
  apiCommand({
    name: 'tools',
    summary:
      'tools launchers need (git, python3, uv, conda, node, ffmpeg, CUDA): found or how to get them',
    method: 'system.tools',
    notes: { refresh: { help: 'probe the tools again instead of using the last answer' } },
    human: (info) =>
      formatTable(
        info.tools.map((tool) => [
          tool.id,
          tool.found ? 'found' : 'missing',
          tool.found ? `${tool.version ?? ''} ${tool.path ?? ''}`.trim() : tool.why,
        ]),
      ),
  }),
  apiCommand({
    name: 'doctor',
    summary: 'tools, GPUs, disk space, bind/auth status and recent failures with next steps',
    method: 'system.doctor',
    human: (report) => formatDoctorReport(report),
  }),
  apiCommand({
    name: 'diagnostics',
    summary: 'write a diagnostics bundle (.tar.gz under logs/, secrets redacted)',
    method: 'system.diagnostics',
    positionals: [
      {
        label: 'APP',
        field: 'app',
        optional: true,
        help: 'include the last logs of this app',
        complete: 'app',
      },
    ],
    human: (bundle) =>
      `Diagnostics bundle written (secrets redacted): ${bundle.file} (${formatBytes(bundle.bytes)})\n`,
  }),
  apiCommand({
    name: 'settings get',
    summary: 'settings of this Hangar (secrets are reported as set or not)',
    method: 'settings.get',
  }),
  apiCommand({
    name: 'settings set',
    summary: 'change settings (one option per setting; prints the new settings)',
    method: 'settings.set',
    notes: {
      'hf-token': { help: 'Hugging Face token (null removes it)' },
      'hf-endpoint': { help: 'Hugging Face endpoint URL (null for the default)' },
      proxy: { help: 'http:// proxy for downloads, git and apps (null removes it)' },
      'no-proxy': { help: 'hosts never proxied, added to NO_PROXY (null removes it)' },
      'bandwidth-limit': { help: 'bytes per second shared by all downloads (null for no cap)' },
      'allow-hosts': { help: 'extra host names the server answers to (replaces the list)' },
      'stop-timeout-ms': { help: 'how long an app gets to stop before it is killed' },
      'logs-keep-runs': { help: 'run logs to keep' },
      'logs-max-bytes': { help: 'bytes of run logs to keep' },
      'app-origins': { help: 'serve each app on its own origin, or under /apps/<name>/ only' },
      'stop-apps-on-exit': { help: 'stop the apps when Hangar stops' },
      'updates-keep-generations': { help: 'earlier commits kept for rollback' },
    },
  }),
  apiCommand({
    name: 'downloads list',
    summary: 'downloads, active and finished, with bytes, total and state',
    method: 'downloads.list',
    human: (downloads) =>
      downloads.length === 0
        ? 'No downloads.\n'
        : formatTable(
            downloads.map((d) => [
              d.id,
              d.state,
              `${formatBytes(d.bytes)}/${formatBytes(d.total)}`,
              d.dest,
            ]),
          ),
  }),
  apiCommand({
    name: 'downloads start',
    summary: 'download a URL into the home (resumable; verified when --sha256 is given)',
    method: 'downloads.start',
    positionals: [
      { label: 'URL', field: 'url', help: 'what to download' },
      {
        label: 'DEST',
        field: 'dest',
        help: 'where, relative to the home (inside api/, drive/ or cache/)',
      },
    ],
    notes: { sha256: { help: 'the expected sha256 of the file' } },
    human: (result) => `${result.id}\n`,
  }),
  apiCommand({
    name: 'downloads cancel',
    summary: 'cancel a download (its partial file is removed)',
    method: 'downloads.cancel',
    positionals: [{ label: 'ID', field: 'id', help: 'the download (see hangar downloads list)' }],
    human: (result) => (result.cancelled ? 'Cancelled.\n' : 'Nothing to cancel.\n'),
  }),
  apiCommand({
    name: 'downloads pause',
    summary: 'pause a download (its partial file stays; it stays paused across a restart)',
    method: 'downloads.pause',
    positionals: [{ label: 'ID', field: 'id', help: 'the download (see hangar downloads list)' }],
    human: (result) => (result.paused ? 'Paused.\n' : 'Not queued or running: nothing to pause.\n'),
  }),
  apiCommand({
    name: 'downloads resume',
    summary: 'resume a paused download from its partial file',
    method: 'downloads.resume',
    positionals: [{ label: 'ID', field: 'id', help: 'the download (see hangar downloads list)' }],
    human: (result) => (result.resumed ? 'Resumed.\n' : 'Not paused: nothing to resume.\n'),
  }),
  apiCommand({
    name: 'downloads retry',
    summary: 'start a failed or cancelled download again',
    method: 'downloads.retry',
    positionals: [{ label: 'ID', field: 'id', help: 'the download (see hangar downloads list)' }],
    human: (result) =>
      result.retried ? 'Started again.\n' : 'Not failed or cancelled: nothing to retry.\n',
  }),
  apiCommand({
    name: 'drive list',
    summary: 'models in the shared drive: kind, name, size and the apps that use them',
    method: 'drive.list',
    human: (entries) =>
      entries.length === 0
        ? 'The drive holds no models.\n'
        : formatTable(
            entries.map((e) => [
              e.kind,
              e.names.join(',') || e.sha256.slice(0, 12),
              formatBytes(e.size),
              e.refs.join(' '),
            ]),
          ),
  }),
  apiCommand({
    name: 'drive usage',
    summary: 'bytes used per app, bytes stored once in the drive and bytes saved by sharing',
    method: 'drive.usage',
    human: (usage) =>
      formatValue({
        stored: formatBytes(usage.storedBytes),
        saved: formatBytes(usage.savedBytes),
        blobs: usage.blobs,
      }) +
      formatTable(Object.entries(usage.perApp).map(([app, bytes]) => [app, formatBytes(bytes)])),
  }),
  {
    name: 'password',
    summary:
      'set the owner password, read from stdin: the new one, then the current one when one is set (every browser logs in again)',
    method: 'auth.setPassword',
    hiddenFields: ['password', 'current-password'],
    async run(context) {
      // From stdin, never from the command line, where other users of the machine could read it.
      const [password = '', currentPassword] = (await readStdin()).split(/\r?\n/);
      if (password === '') throw new UsageError('give the new password on stdin', 'password');
      const result = await callWith(context, 'auth.setPassword', {
        password,
        ...(currentPassword ? { currentPassword } : {}),
      });
      if (context.json) printJson(context, result);
      else context.out('Password set.\n');
      return EXIT.ok;
    },
  },
];
