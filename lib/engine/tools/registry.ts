// The tool registry: which of the tools launchers need this machine has, with version, path and install hint.
import path from 'node:path';
import { findExecutable, parseVersion, runCommand } from './probe';
import { installHint, type InstallHint, type ManagerPresence } from './install-hints';
import { providedByHangar } from './provided';
import {
  TOOL_SPECS,
  toolSpec,
  type PackageManager,
  type ToolId,
  type ToolSpec,
} from './tool-specs';

export interface ToolStatus {
  id: ToolId;
  title: string;
  found: boolean;
  version: string | null;
  path: string | null;
  why: string;
  /** How to get it; null when it is found. */
  install: InstallHint | null;
  /** How Hangar fetches it itself when a launcher needs it (uv, conda, Node, ffmpeg…), or null. */
  provided: string | null;
  /** The hardware it serves ("an NVIDIA GPU"), or null when every machine may need it. */
  onlyWith: string | null;
}

export interface ToolReport {
  tools: ToolStatus[];
  managers: ManagerPresence[];
  checkedAt: number;
}

export interface ToolRegistryOptions {
  /** PATH searched (default: the server's PATH). */
  searchPath?: string;
  /** Whether install commands run as root (default: uid 0). */
  isRoot?: boolean;
  timeoutMs?: number;
}

const MANAGERS: Array<{ manager: PackageManager; command: string }> = [
  { manager: 'apt', command: 'apt-get' },
  { manager: 'brew', command: 'brew' },
  { manager: 'npm', command: 'npm' },
];

export class ToolRegistry {
  private cached: Promise<ToolReport> | null = null;
  readonly searchPath: string;

  constructor(private readonly options: ToolRegistryOptions = {}) {
    this.searchPath = options.searchPath ?? process.env.PATH ?? '';
  }

  /** The report, probed once and cached; `refresh` probes again (after the user installed something). */
  detect(options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<ToolReport> {
    if (!this.cached || options.refresh) {
      const probing = this.probeAll(options.signal);
      this.cached = probing;
      // A failed probe (aborted) is not cached.
      probing.catch(() => {
        if (this.cached === probing) this.cached = null;
      });
    }
    return this.cached;
  }

  async status(id: ToolId): Promise<ToolStatus> {
    const report = await this.detect();
    return report.tools.find((t) => t.id === id)!;
  }

  /** The tools of `ids` that are missing, each with its install hint. */
  async missing(ids: ToolId[]): Promise<ToolStatus[]> {
    const report = await this.detect();
    return report.tools.filter((t) => ids.includes(t.id) && !t.found);
  }

  private async probeAll(signal?: AbortSignal): Promise<ToolReport> {
    const managers: ManagerPresence[] = [];
    for (const { manager, command } of MANAGERS) {
      const found = await findExecutable(command, this.searchPath);
      if (found) managers.push({ manager, path: found });
    }
    const isRoot = this.options.isRoot ?? process.getuid?.() === 0;
    const tools = await Promise.all(
      TOOL_SPECS.map((spec) => this.probe(spec, managers, isRoot, signal)),
    );
    signal?.throwIfAborted();
    return { tools, managers, checkedAt: Date.now() };
  }

  private async probe(
    spec: ToolSpec,
    managers: ManagerPresence[],
    isRoot: boolean,
    signal?: AbortSignal,
  ): Promise<ToolStatus> {
    const base = {
      id: spec.id,
      title: spec.title,
      why: spec.why,
      provided: providedByHangar(spec.id) ?? null,
      onlyWith: spec.onlyWith ?? null,
    };
    const missing = (): ToolStatus => ({
      ...base,
      found: false,
      version: null,
      path: null,
      install: installHint(spec, managers, isRoot),
    });
    const found = await this.first(
      spec.probe ? toolSpec(spec.probe.command).commands : spec.commands,
    );
    if (!found) return missing();
    const run = { searchPath: this.searchPath, timeoutMs: this.options.timeoutMs, signal };
    if (spec.probe) {
      const check = await runCommand(found, spec.probe.args, run);
      if (check.code !== 0) return missing();
    }
    const out = await runCommand(found, spec.versionArgs, run);
    return { ...base, found: true, version: parseVersion(out.output), path: found, install: null };
  }

  private async first(commands: string[]): Promise<string | null> {
    for (const command of commands) {
      const found = await findExecutable(command, this.searchPath);
      if (found) return path.resolve(found);
    }
    return null;
  }
}
