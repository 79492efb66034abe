// The download manager and drive that download steps use: the engine registers its own per home.
import { DownloadManager } from '../../downloads';
import { credentialsFor, hfEndpoint } from '../../downloads';
import { Drive } from '../../drive';
import { EventBus } from '../../events';
import { loadConfig, type HomeLayout } from '../../home';

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

const registered = new Map<string, DownloadServices>();

/** Makes steps of runs in this home use these services (their events reach the engine's bus). */
export function registerDownloadServices(homeRoot: string, services: DownloadServices): () => void {
  registered.set(homeRoot, services);
  return () => {
    if (registered.get(homeRoot) === services) registered.delete(homeRoot);
  };
}

/** Builds the services for a home: one manager (with per-host credentials) and one drive. */
export function createDownloadServices(home: HomeLayout, bus: EventBus, settings: () => DownloadSettings): DownloadServices {
  const manager = new DownloadManager({
    home,
    bus,
    hfEndpoint: hfEndpoint(process.env, settings()),
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

/**
 * The registered services for the run's home. Without an engine (tests, tools) a private set is made
 * once per home, reading settings from config.json; its events stay on a private bus.
 */
export async function downloadServicesFor(home: HomeLayout): Promise<DownloadServices> {
  const known = registered.get(home.root);
  if (known) return known;
  const config = await loadConfig(home.config).catch(() => ({}) as DownloadSettings);
  const services = createDownloadServices(home, new EventBus(), () => ({ hfToken: config.hfToken, hfEndpoint: config.hfEndpoint }));
  registered.set(home.root, services);
  return services;
}
