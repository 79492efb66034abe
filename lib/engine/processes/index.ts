// Processes: spawn in a pty or with pipes, kill whole trees, supervise, reserve ports, keep run logs.
export { spawnProcess, SpawnedProcess, MARKER_ENV, type SpawnSpec, type ExitInfo } from './spawn';
export {
  killTree,
  collectTree,
  type TreeTarget,
  type KillOptions,
  type KillResult,
} from './kill-tree';
export { listProcs, readProc, isAlive, type ProcInfo } from './proc-table';
export { ProcessSupervisor, type SupervisorOptions } from './supervisor';
export {
  SupervisedProcess,
  type SuperviseOptions,
  type ProcessExitEvent,
  type SupervisedState,
} from './supervised-process';
export {
  ProcessRecords,
  type ProcessRecord,
  type PendingRecord,
  type ProcessKind,
} from './process-records';
export { OWNER_ENV } from './markers';
export { type RecoveryReport, type RecoveryMode } from './recover';
export { PortPool, assertPortFree, type PortPoolOptions } from './port-pool';
export { findPortOwner, type PortOwner } from './port-owner';
export { LogRing, stripAnsi, type LogChunk } from './log-ring';
export { RotatingLogFile, type LogFileOptions } from './log-file';
export { RunLog, type RunLogOptions } from './run-log';
