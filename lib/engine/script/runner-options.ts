// What a ScriptRunner is built with: the home, the bus, system facts, services for steps and limits of kept logs.
import os from 'node:os';
import type { RunDiagnosis } from '../../shared/events';
import type { SystemSnapshot } from '../../shared/system';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import type { StepServices } from '../steps/types';
import type { LogLimits } from './run-history';
import type { RunInfo } from './run-types';

export interface ScriptRunnerOptions {
  home: HomeLayout;
  bus: EventBus;
  /** System facts for templates; defaults to `os` values and no GPU. */
  system?: () => SystemSnapshot;
  /** Finished runs kept for `get`/`logs` (default 200). */
  keepFinished?: number;
  /** The engine's services for step methods (`ctx.services`): the supervisor shell steps need, downloads, … */
  stepServices?: (run: RunInfo) => StepServices;
  /** Hands out a free port that stays reserved (so two runs starting at once never get the same one). */
  reservePort?: () => Promise<number>;
  /** Checks a script's `requires` before step 1 (provisioning into bin/ what it can, progress to `log`); throws `missing_tool` (lib/engine/tools). */
  requirements?: (
    requires: unknown,
    system: SystemSnapshot,
    log: (line: string) => void,
  ) => Promise<void>;
  /** Limits of the run logs kept on disk, read at each prune (default 50 runs per app, 500 MiB). */
  logLimits?: () => LogLimits;
  /**
   * The address the user's browser should open for a URL a script hands to web.open (an app's loopback URL becomes
   * its /apps/<name>/ address: 127.0.0.1 is another machine for a remote browser). Default: unchanged.
   */
  browserUri?: (uri: string) => string;
  /** Explains a failure from its error and recent output (lib/engine/diagnosis). */
  diagnose?: (failure: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
    output: string;
  }) => Promise<RunDiagnosis | null>;
}

/** The system facts used when the caller gives none: this machine's OS, no GPU. */
export function defaultSystem(): SystemSnapshot {
  return {
    platform: os.platform(),
    arch: os.arch(),
    gpu: 'none',
    gpus: [],
    gpu_model: null,
    vram: 0,
    ram: Math.round(os.totalmem() / 1024 ** 3),
  };
}
