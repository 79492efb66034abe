// Test helper: a real StepContext for a script in an app folder, paths contained as the runner contains them.
import path from 'node:path';
import type { HomeLayout } from '../../../../lib/engine/home';
import { resolveInside } from '../../../../lib/engine/script/safe-path';
import type { StepContext } from '../../../../lib/engine/steps/types';

export interface StepContextOptions {
  runId: string;
  home: HomeLayout;
  app: string;
  appDir: string;
  script: string;
  signal: AbortSignal;
  log: StepContext['log'];
  env: StepContext['env'];
  services: StepContext['services'];
}

/** Members the step families under test do not use throw when called. */
export function stepContext(options: StepContextOptions): StepContext {
  const { home, appDir } = options;
  const unsupported = (): never => {
    throw new Error('not used by these steps');
  };
  return {
    runId: options.runId,
    app: options.app,
    appDir,
    scriptFile: path.join(appDir, options.script),
    cwd: appDir,
    dirname: appDir,
    home,
    signal: options.signal,
    daemon: false,
    serverArgs: [],
    placement: { runner: 'local' },
    log: options.log,
    emit: { notify: () => undefined, webOpen: () => undefined },
    requestInput: unsupported,
    env: options.env,
    resolvePath: (p, o) =>
      resolveInside(p, {
        base: appDir,
        allowed: [
          appDir,
          ...(o?.allowCache ? [home.cache] : []),
          ...(o?.allowDrive ? [home.drive] : []),
        ],
        home: home.root,
        param: o?.param,
      }),
    resolveUri: unsupported,
    memory: { local: {}, global: {}, localOf: () => ({}) },
    self: {},
    persistSelf: async () => undefined,
    runScript: unsupported,
    stopScript: unsupported,
    restartScript: unsupported,
    isRunning: async () => false,
    isReady: async () => false,
    registerProcess: () => () => undefined,
    setNext: () => undefined,
    setReturn: () => undefined,
    trigger: unsupported,
    services: options.services,
  };
}
