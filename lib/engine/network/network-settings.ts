// The network settings every download, git command and app reads when it acts (live: read at each use).
import { noProxyList, proxyFor, type ProxySettings } from './proxy-rules';

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

/** The proxy a download of `url` goes through now (environment and setting), or null. */
export function currentProxyFor(url: URL): URL | null {
  return proxyFor(url, process.env, current());
}

const PROXY_NAMES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

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
