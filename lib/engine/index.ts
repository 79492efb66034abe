// The engine's one door: everything the server may use.
export { Engine, type EngineOptions } from './engine';
export { EngineError, isEngineError, errorMessage } from './errors';
export type { EventBus } from './events';
export type { HomeLayout } from './home';
export type { ScriptRunner } from './script/runs';
export type { RunInfo, RunResult, StartOptions } from './script/run-types';
export type { AppManager } from './apps/app-manager';
export { checkLauncher, formatCheckReport } from './check';
export { checkSystem, CHECK_GPUS, CHECK_PLATFORMS } from './check/cli';
export type { TerminalManager, TerminalInfo } from './terminals';
export { openAppTerminal } from './apps/app-terminal';
export * from './audit';
export type { DiagnosisService } from './diagnosis/service';
export { formatDoctorReport } from './diagnosis/doctor';
export type { ToolRegistry } from './tools';
export { setGpuPins, readGpuPins } from './system/gpu-pins';
export {
  openViewer,
  viewerInstalled,
  VIEWER_INSTALL,
  type DisplayViewer,
  type DisplayOwner,
  type LiveDisplay,
} from './display';
