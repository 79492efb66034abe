// `hangar doctor`: tools, GPUs, disk space of the home, bind/auth status and recent failures, as data or text.
import { formatBytes } from '../../shared/format';
import { statfs } from 'node:fs/promises';
import type { DoctorFailure, DoctorReport, ToolInfo } from '../../shared/diagnosis';
import type { ClusterStatus } from '../../shared/cluster';
import type { Gpu } from '../../shared/system';

/** Tools whose absence breaks most launchers: reported as problems, the rest only listed. */
const CORE_TOOLS = ['git', 'python3', 'venv'];
const LOW_DISK_BYTES = 20 * 1024 ** 3;

export interface DoctorInput {
  version: string;
  platform: string;
  arch: string;
  home: string;
  tools: ToolInfo[];
  gpus: Gpu[];
  server: DoctorReport['server'];
  failures: DoctorFailure[];
  /** Of those, the ones no later run of the same script has cleared (the problems); all of them when not given. */
  openFailures?: DoctorFailure[];
  /** State files found corrupt and kept aside (Hangar started without their content). */
  stateWarnings?: string[];
  /** Tools Hangar installed into bin/ (bin/provisioned.json). */
  provisioned?: NonNullable<DoctorReport['provisioned']>;
  /** The configured Slurm cluster, read now. */
  cluster?: ClusterStatus;
}

export async function buildDoctorReport(input: DoctorInput): Promise<DoctorReport> {
  const disk = await diskSpace(input.home);
  const problems: string[] = [];
  for (const tool of input.tools) {
    if (!tool.found && CORE_TOOLS.includes(tool.id))
      problems.push(`${tool.title} is missing: ${tool.install?.text ?? ''}`.trim());
  }
  if (disk.freeBytes !== null && disk.freeBytes < LOW_DISK_BYTES) {
    problems.push(
      `Only ${formatBytes(disk.freeBytes)} free on the disk of ${input.home}: AI apps and models often need tens of GB.`,
    );
  }
  if (
    input.server &&
    input.server.host !== '127.0.0.1' &&
    input.server.host !== 'localhost' &&
    input.server.host !== '::1' &&
    !input.server.auth
  ) {
    problems.push(
      `Hangar listens on ${input.server.host} without an access token: anyone on the network can run scripts.`,
    );
  }
  problems.push(...(input.stateWarnings ?? []));
  if (input.cluster?.error)
    problems.push(`The Slurm cluster cannot be read: ${input.cluster.error.message}`);
  for (const failure of (input.openFailures ?? input.failures).slice(-3)) {
    problems.push(
      `${failure.app ?? 'a script'} failed: ${failure.diagnosis?.explanation ?? failure.message.split('\n')[0]}`,
    );
  }
  return {
    version: input.version,
    node: process.version,
    platform: input.platform,
    arch: input.arch,
    home: { path: input.home, ...disk },
    tools: input.tools,
    gpus: input.gpus,
    server: input.server,
    recentFailures: input.failures,
    provisioned: input.provisioned ?? [],
    ...(input.cluster ? { cluster: input.cluster } : {}),
    problems,
  };
}

async function diskSpace(
  dir: string,
): Promise<{ freeBytes: number | null; totalBytes: number | null }> {
  try {
    const s = await statfs(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    // statfs is unavailable on some platforms and filesystems: the report says "unknown".
    return { freeBytes: null, totalBytes: null };
  }
}

/** The report as the text `hangar doctor` prints. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [
    `Hangar ${report.version} on ${report.platform}/${report.arch}, Node ${report.node}`,
    '',
  ];
  const free = report.home.freeBytes === null ? 'unknown' : formatBytes(report.home.freeBytes);
  lines.push(`Home    ${report.home.path} (${free} free)`);
  lines.push(
    `Server  ${report.server ? `${report.server.host}:${report.server.port}, ${report.server.auth ? 'token required' : 'no token'}` : 'unknown'}`,
  );
  lines.push('', 'Tools');
  for (const tool of report.tools) {
    lines.push(
      `  ${tool.found ? 'ok     ' : 'missing'} ${tool.title.padEnd(28)} ${tool.found ? `${tool.version ?? ''}  ${tool.path ?? ''}` : (tool.install?.command ?? '')}`.trimEnd(),
    );
  }
  lines.push('', 'Provisioned by Hangar in bin/');
  const provisioned = report.provisioned ?? [];
  if (provisioned.length === 0) lines.push('  nothing yet (provisioned when a launcher needs it)');
  for (const tool of provisioned) {
    const what =
      tool.kind === 'shim'
        ? `pip shim (${tool.reason ?? 'the real tool could not be installed'})`
        : `${tool.version ?? ''}  ${tool.path}  from ${tool.source}`;
    lines.push(`  ${tool.id.padEnd(8)} ${what}`);
  }
  lines.push('', 'GPUs');
  if (report.gpus.length === 0) lines.push('  none found (apps run on the CPU)');
  for (const gpu of report.gpus) {
    const memory = gpu.memoryMiB
      ? `${gpu.memoryUsedMiB ?? '?'} / ${gpu.memoryMiB} MiB`
      : 'memory unknown';
    lines.push(
      `  ${gpu.index ?? ''} ${gpu.model} (${gpu.name}${gpu.target ? `, ${gpu.target}` : ''}${gpu.driver ? `, driver ${gpu.driver}` : ''}) ${memory}`,
    );
  }
  if (report.cluster?.configured) lines.push('', 'Cluster', ...clusterLines(report.cluster));
  lines.push('', 'Recent failures');
  if (report.recentFailures.length === 0) lines.push('  none');
  for (const failure of report.recentFailures) {
    lines.push(`  ${failure.app ?? '-'} ${failure.runId}: ${failure.message.split('\n')[0]}`);
    if (failure.diagnosis)
      lines.push(`    ${failure.diagnosis.explanation}`, `    Next: ${failure.diagnosis.nextStep}`);
  }
  lines.push(
    '',
    report.problems.length === 0
      ? 'No problems found.'
      : `Problems:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The cluster's partitions and nodes, one line each, as the doctor shows them. */
function clusterLines(cluster: ClusterStatus): string[] {
  if (!cluster.info) return [`  cannot be read: ${cluster.error?.message ?? 'unknown'}`];
  return [
    ...cluster.info.partitions.map(
      (p) =>
        `  partition ${p.name}${p.default ? ' (default)' : ''}: ${p.state}, ${p.nodes.length} nodes, time limit ${p.timeLimit}`,
    ),
    ...cluster.info.nodes.map(
      (n) =>
        `  node ${n.name} ${n.addr}: ${n.state}, GPUs ${n.gpus.used}/${n.gpus.total} used, CPUs ${n.cpus.allocated}/${n.cpus.total}`,
    ),
  ];
}

/** A run as the doctor reads it: which script of which app, when it started, how it ended. */
export interface RunTrace {
  runId: string;
  app: string | null;
  script: string;
  status: string;
  startedAt: number;
}

/**
 * The failures still open: no later run of the same app's script went past them (a Retry that started the app, a
 * Reinstall that installed it). A later run that failed too, or that the user stopped, leaves the failure open.
 */
export function openFailures(failures: DoctorFailure[], runs: RunTrace[]): DoctorFailure[] {
  return failures.filter(
    (failure) =>
      !runs.some(
        (run) =>
          run.runId !== failure.runId &&
          run.app === failure.app &&
          run.script === failure.script &&
          run.startedAt >= (failure.endedAt ?? Number.POSITIVE_INFINITY) &&
          run.status !== 'failed' &&
          run.status !== 'stopped',
      ),
  );
}
