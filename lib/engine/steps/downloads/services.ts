// The download manager and drive that download steps use: the engine registers its own per home.
import { DownloadManager } from '../../downloads';
import { credentialsFor, hfEndpoint } from '../../downloads';
import { Drive } from '../../drive';
import type { EventBus } from '../../events';
import type { HomeLayout } from '../../home';
import { EngineError } from '../../errors';
import type { StepContext } from '../types';
import { appProxyOf } from './app-proxy';

export interface DownloadSettings {
  hfToken?: string;
  hfEndpoint?: string;
}

export interface DownloadServices {
  manager: DownloadManager;
  drive: Drive;
  /** Settings from the home's config.json (HF token and endpoint). */
  settings: () => DownloadSettings;
}

/** Builds the services for a home: one manager (with per-host credentials) and one drive. */
export function createDownloadServices(
  home: HomeLayout,
  bus: EventBus,
  settings: () => DownloadSettings,
): DownloadServices {
  const manager = new DownloadManager({
    home,
    bus,
    hfEndpoint: hfEndpoint(process.env, settings()),
    appProxyEnv: appProxyOf(home),
    credentials: (url) => {
      const s = settings();
      return credentialsFor({
        hfToken: process.env.HF_TOKEN || s.hfToken,
        hfEndpoint: hfEndpoint(process.env, s),
        githubToken: process.env.GITHUB_TOKEN,
      })(url);
    },
  });
  return { manager, drive: new Drive(home), settings };
}

/** The engine's download services, handed to steps through the run's context (`stepServices`). */
export function downloadServicesOf(ctx: StepContext): DownloadServices {
  const services = ctx.services.downloads;
  if (!services) {
    throw new EngineError(
      'not_available',
      "downloads need the engine's download services, which this run was not given",
      { details: { runId: ctx.runId } },
    );
  }
  return services;
}
