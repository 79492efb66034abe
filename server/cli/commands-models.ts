// CLI commands for the model library: list, delete, import a folder or a Pinokio home, adopt an app's files.
import path from 'node:path';
import type { ImportJobInfo } from '../../lib/shared/models';
import { apiCommand, callWith } from './api-command';
import { printJson, type CliContext, type CommandSpec } from './command';
import { EXIT } from './errors';
import { formatBytes, formatTable } from './human';

function importTable(job: ImportJobInfo): string {
  const head = `${job.state}: ${job.imported.length}/${job.files} files, ${formatBytes(job.hashedBytes)} hashed, ${formatBytes(job.copiedBytes)} copied${job.error ? ` (${job.error})` : ''}\n`;
  return head + formatTable(job.imported.map((f) => [f.sha256, f.kind, f.how, f.path]));
}

/** Waits for a job to end (the server runs it; the command line only watches) and prints every file with its hash. */
async function watchImport(context: CliContext, start: ImportJobInfo): Promise<number> {
  let job = start;
  while (job.state === 'scanning' || job.state === 'hashing') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = (await callWith(context, 'models.imports', { id: job.id }))[0] ?? job;
  }
  if (context.json) printJson(context, job);
  else context.out(importTable(job));
  return job.state === 'done' ? EXIT.ok : EXIT.failed;
}

function folderCommand(
  name: string,
  summary: string,
  method: 'models.import' | 'models.importPinokio',
): CommandSpec {
  return {
    name,
    summary,
    method,
    alsoCalls: ['models.imports'],
    positionals: [
      { label: 'FOLDER', field: 'path', help: 'the folder (relative to here or absolute)' },
    ],
    async run(context, input) {
      const folder = path.resolve(String(input.params.path));
      return watchImport(context, await callWith(context, method, { path: folder }));
    },
  };
}

export const modelCommands: CommandSpec[] = [
  apiCommand({
    name: 'models list',
    summary: 'models in the drive and the HF cache: kind, size, sha256 and the apps that use them',
    method: 'models.list',
    human: (lib) =>
      `disk: ${formatBytes(lib.disk.freeBytes)} free of ${formatBytes(lib.disk.totalBytes)}; stored ${formatBytes(lib.storedBytes)}, saved by sharing ${formatBytes(lib.savedBytes)}\n` +
      formatTable(
        lib.items.map((i) => [
          i.kind,
          i.name,
          formatBytes(i.size),
          i.sha256?.slice(0, 12) ?? '-',
          i.apps.join(',') || '-',
          i.id,
        ]),
      ),
  }),
  apiCommand({
    name: 'models delete',
    summary: 'delete a model (refused while an app that uses it runs)',
    method: 'models.delete',
    positionals: [
      { label: 'ID', field: 'id', help: 'sha256:<hex> or hf:model/<org/name> (see models list)' },
    ],
    human: (r) => `Removed ${r.removed.length} paths.\n`,
  }),
  folderCommand(
    'models import',
    'import a models folder or HF cache in place: hash, link into the drive, copy nothing',
    'models.import',
  ),
  apiCommand({
    name: 'models imports',
    summary: 'folder import jobs with progress and every file with its hash',
    method: 'models.imports',
    human: (jobs) => jobs.map((j) => `${j.id} ${j.folder}\n${importTable(j)}`).join('\n'),
  }),
  apiCommand({
    name: 'models pinokio',
    summary: "list an existing Pinokio home's apps and drive (read-only)",
    method: 'models.pinokio',
    positionals: [{ label: 'FOLDER', field: 'path', help: 'the Pinokio home (absolute path)' }],
    human: (home) =>
      formatTable(home.apps.map((a) => ['app', a.folder, a.title ?? ''])) +
      formatTable(home.drives.map((d) => ['drive', d.path, d.apps.join(' ')])),
  }),
  folderCommand(
    'models import-pinokio',
    "import a Pinokio home's models in place, never writing into it",
    'models.importPinokio',
  ),
  apiCommand({
    name: 'models adopt',
    summary: 'take the model files an app downloaded into its own folder into the drive by hash',
    method: 'models.adopt',
    positionals: [{ label: 'APP', field: 'app', help: 'the app', complete: 'app' }],
    human: (files) =>
      files.length === 0
        ? 'No model files to adopt.\n'
        : formatTable(
            files.map((f) => [
              f.sha256.slice(0, 12),
              formatBytes(f.size),
              f.duplicate ? 'duplicate freed' : 'stored',
              f.path,
            ]),
          ),
  }),
];
