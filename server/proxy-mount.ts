// Builds the app proxy for the server from the engine's view of running apps, behind the admission policy.
import type { Engine } from '../lib/engine';
import { isHangarCookieName, type AuthGate } from './auth';
import { createAppProxy, type AppProxy, type AppProxyOptions } from './proxy';
import type { CookieNames } from './proxy/types';

/** Hangar's own cookies (its session, the per-app logins): stripped from proxied requests and never set by an app. */
export const HANGAR_COOKIES: CookieNames = { has: isHangarCookieName, marker: 'hangar_' };

export interface PortOriginSettings {
  /** Address the app's own listener binds (the same as Hangar's). */
  host: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface ProxyMount {
  gate?: AuthGate;
  admitListener?: AppProxyOptions['admitListener'];
  portOrigins?: PortOriginSettings;
  originLocation?: AppProxyOptions['originLocation'];
  answerRefusal?: AppProxyOptions['answerRefusal'];
  serveOwnPath?: AppProxyOptions['serveOwnPath'];
  /** Ties a connection opened with an app's own login to the Hangar session behind it. */
  tieAppLogin?: AppProxyOptions['tieToSession'];
}

export function createProxy(engine: Engine, mount: ProxyMount = {}): AppProxy {
  const { gate } = mount;
  const proxy = createAppProxy({
    lookup: (name) => {
      const target = engine.apps.proxyTarget(name);
      return target ? { name, ...target } : null;
    },
    isInstalled: (name) => engine.apps.isInstalled(name),
    dashboardUrl: (name) => `/manage/${encodeURIComponent(name)}`,
    hangarCookies: HANGAR_COOKIES,
    isHangarAuthorization: gate ? (value) => gate.isHangarAuthorization(value) : undefined,
    admitListener: mount.admitListener,
    answerRefusal: mount.answerRefusal,
    originLocation: mount.originLocation,
    serveOwnPath: mount.serveOwnPath,
    tieToSession: gate
      ? (req, end) => gate.tieToSession(req, end) ?? mount.tieAppLogin?.(req, end) ?? null
      : undefined,
  });
  if (mount.portOrigins) followPortModeApps(engine, proxy, mount.portOrigins);
  return proxy;
}

/** A `mode: port` app gets its own listener while it runs; every app's listener closes when it stops. */
function followPortModeApps(engine: Engine, proxy: AppProxy, settings: PortOriginSettings): void {
  const off = engine.bus.on('app:status', (event) => {
    const target = engine.apps.proxyTarget(event.name);
    if (event.state === 'running' && target?.profile.mode === 'port') {
      proxy
        .openPortOrigin(event.name, { host: settings.host, tls: settings.tls })
        .catch((error: unknown) => {
          console.error(`[proxy] could not open the port origin of ${event.name}:`, error);
        });
    } else if (event.state !== 'running' && proxy.portOrigin(event.name)) {
      void proxy.closePortOrigin(event.name);
    }
  });
  engine.own(off);
}
