// Shapes the API returns that the browser reads but lib/shared does not (yet) declare.
import type { RunDiagnosis, RunInputEvent, RunStatus } from '../shared/events';

export interface RunInfo {
  runId: string;
  app: string | null;
  script: string;
  appDir: string;
  status: RunStatus;
  daemon: boolean;
  ready: boolean;
  startedAt: number;
  endedAt: number | null;
  step: { index: number; total: number; method: string; id?: string } | null;
  error: { code: string; message: string; step?: number; lastLines?: string[]; diagnosis?: RunDiagnosis } | null;
  pendingInput: RunInputEvent | null;
}

export interface LogEntry {
  seq: number;
  time?: number;
  data: string;
  stream?: 'stdout' | 'info' | 'error';
}

export interface LogPage {
  entries: LogEntry[];
  lastSeq: number;
  truncated: boolean;
}

export interface TerminalInfo {
  id: string;
  cwd: string;
  cols: number;
  rows: number;
  pid: number;
  title: string;
  createdAt: number;
}

export interface CatalogItem {
  id: string;
  title: string;
  description: string;
  icon: string | null;
  source: string;
  tags: string[];
}

/** What `auth.status` answers. */
export interface AuthStatus {
  required: boolean;
  passwordSet: boolean;
  https: boolean;
}
