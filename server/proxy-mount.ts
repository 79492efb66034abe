// Builds the app proxy for the server from the engine's view of running apps, behind the auth gate.
import type { Engine } from '../lib/engine';
import { SESSION_COOKIE, type AuthGate } from './auth';
import { createAppProxy, type AppProxy } from './proxy';

/** Hangar's own cookie names: stripped from proxied requests and never set by an app. */
export const HANGAR_COOKIES = [SESSION_COOKIE];

export function createProxy(engine: Engine, gate?: AuthGate): AppProxy {
  return createAppProxy({
    lookup: (name) => {
      const target = engine.apps.proxyTarget(name);
      return target ? { name, ...target } : null;
    },
    dashboardUrl: (name) => `/manage/${encodeURIComponent(name)}`,
    hangarCookieNames: HANGAR_COOKIES,
    // Per-port app origins share the host name, so the browser sends the session cookie there too.
    authorize: gate ? (req) => gate.isAuthenticated(req) : undefined,
  });
}
