// Result shapes of `system.doctor`, `system.tools` and `system.diagnostics` (shared by the engine, API and CLI).
import type { RunDiagnosis } from './events';
import type { Gpu } from './system';

export interface ToolInfo {
  id: string;
  title: string;
  found: boolean;
  version: string | null;
  path: string | null;
  why: string;
  /** How to get it when missing: the exact command (run only in a visible terminal) and advice. */
  install: {
    manager: string | null;
    command: string | null;
    needsRoot: boolean;
    text: string;
  } | null;
}

export interface ToolsInfo {
  tools: ToolInfo[];
  managers: Array<{ manager: string; path: string }>;
  checkedAt: number;
}

export interface DoctorFailure {
  runId: string;
  app: string | null;
  script: string;
  endedAt: number | null;
  code: string;
  message: string;
  diagnosis: RunDiagnosis | null;
}

export interface DoctorReport {
  version: string;
  node: string;
  platform: string;
  arch: string;
  home: { path: string; freeBytes: number | null; totalBytes: number | null };
  tools: ToolInfo[];
  gpus: Gpu[];
  /** Where the server listens and whether a token is required; null when the engine runs without a server. */
  server: { host: string; port: number; auth: boolean } | null;
  recentFailures: DoctorFailure[];
  /** One line per problem found (missing core tools, low disk, failures); empty when all is well. */
  problems: string[];
}

/** Where the browser downloads a bundle: this path, then the bundle's name. */
export const DIAGNOSTICS_PATH = '/_hangar/diagnostics/';

export interface DiagnosticsBundleInfo {
  file: string;
  /** Its name in logs/: the browser downloads it from `/_hangar/diagnostics/<name>`. */
  name: string;
  bytes: number;
  entries: string[];
}
