// The network settings every download, git command and app reads when it acts (live: read at each use).
import { AsyncLocalStorage } from 'node:async_hooks';
import { bypasses, noProxyList, proxyFor, type ProxySettings } from './proxy-rules';

export interface NetworkSettings extends ProxySettings {
  /** Bytes per second shared by all downloads at once; absent for no cap. */
  bandwidthLimit?: number;
}

let current: () => NetworkSettings = () => ({});

/** The engine hands its settings here; returns a function that puts the previous source back. */
export function setNetworkSource(source: () => NetworkSettings): () => void {
  const previous = current;
  current = source;
  return () => {
    current = previous;
  };
}

export function networkSettings(): NetworkSettings {
  return current();
}

const PROXY_NAMES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

/** The proxy variables of an app's ENVIRONMENT, for the downloads that app's scripts run. */
const appProxy = new AsyncLocalStorage<Record<string, string>>();

/** The proxy variables (either case) among `env`. */
export function proxyVars(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROXY_NAMES)
    for (const key of [name, name.toUpperCase()]) {
      const value = env[key]?.trim();
      if (value) out[key] = value;
    }
  return out;
}

/** Runs `work` with the proxy variables of an app's ENVIRONMENT: every download it starts follows them. */
export function withAppProxy<T>(env: Record<string, string>, work: () => T): T {
  return appProxy.run(proxyVars(env), work);
}

/**
 * The proxy a download of `url` goes through now, or null. Inside an app's scope (withAppProxy) a proxy its
 * ENVIRONMENT sets wins over the setting and Hangar's own environment, and its NO_PROXY adds to theirs; without
 * one, the setting, then Hangar's environment.
 */
export function currentProxyFor(url: URL): URL | null {
  const settings = current();
  const app = appProxy.getStore() ?? {};
  const ownProxy = Object.keys(app).some((k) => !/^no_proxy$/i.test(k));
  if (ownProxy) return proxyFor(url, app, { noProxy: settings.noProxy });
  const appNoProxy = app.no_proxy ?? app.NO_PROXY;
  if (appNoProxy && bypasses(url, appNoProxy)) return null;
  return proxyFor(url, process.env, settings);
}

/**
 * Proxy variables for a child (git, an app): the environment's own, with the setting's proxy in both cases (tools
 * differ on which they read) and the joined NO_PROXY list.
 */
export function proxyEnv(
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const settings = current();
  const out: Record<string, string> = {};
  for (const name of PROXY_NAMES) {
    for (const key of [name, name.toUpperCase()]) {
      const value = env[key];
      if (value !== undefined && value !== '') out[key] = value;
    }
  }
  const proxy = settings.proxy?.trim();
  if (proxy) {
    for (const name of ['http_proxy', 'https_proxy']) {
      out[name] = proxy;
      out[name.toUpperCase()] = proxy;
    }
  }
  const noProxy = noProxyList(env, settings);
  if (noProxy !== '') {
    out.no_proxy = noProxy;
    out.NO_PROXY = noProxy;
  }
  return out;
}

/** `-c` options for a git that inherits the environment: the setting's proxy, when there is one. */
export function gitProxyConfig(): string[] {
  const proxy = current().proxy?.trim();
  return proxy ? [`http.proxy=${proxy}`] : [];
}
