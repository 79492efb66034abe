// Optional services a shell step uses when the runner provides them (the base StepContext lacks them).
import type { ProcessSupervisor } from '../../processes/supervisor';
import type { StepContext } from '../types';

export interface ShellServices {
  /** Supervisor that owns app processes (exit detection, records for re-adoption). Without it, processes are spawned directly. */
  supervisor?: ProcessSupervisor;
  /** Size of the pty (the client's terminal); default 100×30. */
  terminal?: { cols: number; rows: number };
  /** Grace between SIGTERM and SIGKILL when a step stops its process (default 5000 ms). */
  stopGraceMs?: number;
}

export type ShellContext = StepContext & Partial<ShellServices>;
