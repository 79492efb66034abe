// The diagnosis service the engine owns: doctor report, tools report and diagnostics bundles.
import type { ClusterStatus } from '../../shared/cluster';
import type {
  DiagnosticsBundleInfo,
  DoctorFailure,
  DoctorReport,
  ToolsInfo,
} from '../../shared/diagnosis';
import type { SystemSnapshot } from '../../shared/system';
import type { HomeLayout } from '../home';
import { stateWarningsUnder } from '../state-file-read';
import type { ToolRegistry } from '../tools/registry';
import { readProvisioned } from '../tools/provisioned';
import { createDiagnosticsBundle, findBundle } from './bundle';
import { buildDoctorReport, openFailures, type RunTrace } from './doctor';

/** What the service reads of the script runner (kept narrow: diagnosis sits below script/). */
export interface RunSource {
  list(filter?: { app?: string }): Array<
    RunTrace & {
      endedAt: number | null;
      logFile: string;
      error: { code: string; message: string; diagnosis?: DoctorFailure['diagnosis'] } | null;
    }
  >;
}

export interface DiagnosisServiceOptions {
  home: HomeLayout;
  runner: RunSource;
  tools: ToolRegistry;
  system: () => SystemSnapshot;
  version: string;
  /** The configured Slurm cluster, read for the report (absent: none). */
  cluster?: () => Promise<ClusterStatus>;
}

export class DiagnosisService {
  private server: DoctorReport['server'] = null;

  constructor(private readonly options: DiagnosisServiceOptions) {}

  /** Told by the server once it listens (host, port, whether a token is required). */
  setServer(server: DoctorReport['server']): void {
    this.server = server;
  }

  async toolsReport(refresh = false): Promise<ToolsInfo> {
    return this.options.tools.detect({ refresh });
  }

  failures(limit = 10, runs = this.options.runner.list()): DoctorFailure[] {
    return runs
      .filter((r) => r.status === 'failed' && r.error)
      .slice(-limit)
      .map((r) => ({
        runId: r.runId,
        app: r.app,
        script: r.script,
        endedAt: r.endedAt,
        code: r.error!.code,
        message: r.error!.message,
        diagnosis: r.error!.diagnosis ?? null,
      }));
  }

  async doctor(): Promise<DoctorReport> {
    const runs = this.options.runner.list();
    const failures = this.failures(10, runs);
    const system = this.options.system();
    const { tools } = await this.options.tools.detect();
    return buildDoctorReport({
      version: this.options.version,
      platform: system.platform,
      arch: system.arch,
      home: this.options.home.root,
      tools,
      gpus: system.gpus,
      server: this.server,
      failures,
      openFailures: openFailures(failures, runs),
      provisioned: Object.entries(await readProvisioned(this.options.home.bin)).map(
        ([id, { kind, version, path, source, reason }]) => ({
          id,
          kind,
          version,
          path,
          source,
          reason,
        }),
      ),
      stateWarnings: stateWarningsUnder(this.options.home.root).map((w) => w.message),
      ...(this.options.cluster ? { cluster: await this.options.cluster() } : {}),
    });
  }

  /** A bundle written earlier, by its name in logs/; null for anything else. */
  findBundle(name: string): Promise<{ file: string; bytes: number } | null> {
    return findBundle(this.options.home, name);
  }

  /** Writes `<home>/logs/diagnostics-<time>.tar.gz` (secrets redacted) with the last logs of `app` when given. */
  async bundle(app?: string): Promise<DiagnosticsBundleInfo> {
    const doctor = await this.doctor();
    const runs = app ? this.options.runner.list({ app }) : [];
    return createDiagnosticsBundle({
      home: this.options.home,
      app,
      runs: runs.map((r) => ({
        runId: r.runId,
        script: r.script,
        status: r.status,
        startedAt: r.startedAt,
        logFile: r.logFile,
        error: r.error,
      })),
      versions: {
        hangar: doctor.version,
        node: doctor.node,
        platform: doctor.platform,
        arch: doctor.arch,
        tools: doctor.tools.map(({ id, found, version }) => ({ id, found, version })),
      },
      doctor,
    });
  }
}
