// An app's own proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY in the ENVIRONMENT files Pinokio launchers write) for the
// downloads its scripts run: the home's ENVIRONMENT, then the app's, over Hangar's setting.
import path from 'node:path';
import type { HomeLayout } from '../../home';
import { proxyVars, withAppProxy } from '../../network';
import type { StepDescriptor } from '../descriptor';
import { readEnvFile } from '../env-file';
import type { StepContext } from '../types';

/** The proxy variables of the home's and the app folder's ENVIRONMENT files (the app's win). */
export async function appProxyVars(
  home: HomeLayout,
  appDir: string,
): Promise<Record<string, string>> {
  const own = path.resolve(appDir) === path.resolve(home.root) ? {} : await readEnvFile(appDir);
  return proxyVars({ ...(await readEnvFile(home.root)), ...own });
}

/** The proxy variables for the downloads of the app named `app` (a folder under `api/`). */
export function appProxyOf(home: HomeLayout): (app: string) => Promise<Record<string, string>> {
  return (app) => appProxyVars(home, path.join(home.api, app));
}

/** The step, run with its app's proxy: every request it makes (listings, metadata, files) goes through it. */
export function withAppNetwork(step: StepDescriptor): StepDescriptor {
  return {
    ...step,
    run: async (params: unknown, ctx: StepContext, request) => {
      const env = ctx.app ? await appProxyVars(ctx.home, ctx.appDir) : {};
      return withAppProxy(env, () => step.run(params, ctx, request));
    },
  };
}
