// Builds the app proxy for the server from the engine's view of running apps.
import type { Engine } from '../lib/engine';
import { createAppProxy, type AppProxy } from './proxy';

/** Hangar's own cookie names: stripped from proxied requests and never set by an app. */
export const HANGAR_COOKIES = ['hangar_session'];

export function createProxy(engine: Engine): AppProxy {
  return createAppProxy({
    lookup: (name) => {
      const target = engine.apps.proxyTarget(name);
      return target ? { name, ...target } : null;
    },
    dashboardUrl: (name) => `/manage/${encodeURIComponent(name)}`,
    hangarCookieNames: HANGAR_COOKIES,
  });
}
