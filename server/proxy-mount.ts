// Builds the app proxy for the server from the engine's view of running apps, behind the auth gate.
import type { Engine } from '../lib/engine';
import { SESSION_COOKIE, sessionCookieName, type AuthGate } from './auth';
import { createAppProxy, type AppProxy } from './proxy';

/** Hangar's own cookie names: stripped from proxied requests and never set by an app. */
export const HANGAR_COOKIES = [SESSION_COOKIE, sessionCookieName(true)];

export interface PortOriginSettings {
  /** Address the app's own listener binds (the same as Hangar's). */
  host: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export function createProxy(engine: Engine, gate?: AuthGate, portOrigins?: PortOriginSettings): AppProxy {
  const proxy = createAppProxy({
    lookup: (name) => {
      const target = engine.apps.proxyTarget(name);
      return target ? { name, ...target } : null;
    },
    dashboardUrl: (name) => `/manage/${encodeURIComponent(name)}`,
    hangarCookieNames: HANGAR_COOKIES,
    isHangarAuthorization: gate ? (value) => gate.isHangarAuthorization(value) : undefined,
    // Per-port app origins share the host name, so the browser sends the session cookie there too.
    authorize: gate ? (req) => gate.isAuthenticated(req) : undefined,
    // As on the main origin, the fast lane serves on a session alone; bearer requests take Node's path.
    laneAdmit: gate ? (req) => gate.passesOnSession(req) : () => true,
    tieToSession: gate ? (req, end) => gate.tieToSession(req, end) : undefined,
  });
  if (portOrigins) followPortModeApps(engine, proxy, portOrigins);
  return proxy;
}

/** A `mode: port` app gets its own listener while it runs, and loses it when it stops. */
function followPortModeApps(engine: Engine, proxy: AppProxy, settings: PortOriginSettings): void {
  const off = engine.bus.on('app:status', (event) => {
    const target = engine.apps.proxyTarget(event.name);
    if (event.state === 'running' && target?.profile.mode === 'port') {
      proxy.openPortOrigin(event.name, { host: settings.host, tls: settings.tls }).catch((error: unknown) => {
        console.error(`[proxy] could not open the port origin of ${event.name}:`, error);
      });
    } else if (event.state !== 'running' && proxy.portOrigin(event.name)) {
      void proxy.closePortOrigin(event.name);
    }
  });
  engine.own(off);
}
