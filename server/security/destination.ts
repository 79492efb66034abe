// Where a request is headed, from its Host: Hangar itself, an app's own origin, or nowhere this server answers for.
import { appLabel, type AppOriginFlavour } from '../../lib/shared/app-origin';
import { hostnameOf, type HostPolicy } from './host-check';

export type Destination =
  | { kind: 'hangar' }
  | { kind: 'app'; name: string; flavour: AppOriginFlavour }
  /** An app-origin host whose label names no app (answered with a 404 page). */
  | { kind: 'no-app'; label: string };

export interface DestinationRules {
  hostPolicy: HostPolicy;
  /** `--apps-domain`: `<label>.<domain>` is an app origin and `<domain>` is Hangar. */
  appsDomain: string | null;
  /** The app whose origin label this is (see appLabel), or null. */
  appOfLabel(label: string): string | null;
  /** The app that owns this per-app port listener, or null (Hangar's own port, or no listener). */
  appOfPort(port: number): string | null;
}

/**
 * The destination of a request that arrived on Hangar's port (listenerApp null) or on an app's own port listener.
 * Null when the Host names no name of this machine (DNS rebinding): the request is refused with 421.
 */
export function destinationOf(
  rules: DestinationRules,
  host: string | undefined,
  listenerApp: string | null,
): Destination | null {
  if (!host || !rules.hostPolicy.allows(host)) return null;
  if (listenerApp !== null) return { kind: 'app', name: listenerApp, flavour: 'port' };
  const name = hostnameOf(host);
  if (name === null) return null;
  const label =
    subLabel(name, 'localhost') ??
    (rules.appsDomain === null ? null : subLabel(name, rules.appsDomain));
  if (label === null)
    return name.endsWith('.localhost') ||
      (rules.appsDomain !== null && name.endsWith(`.${rules.appsDomain}`))
      ? { kind: 'no-app', label: name }
      : { kind: 'hangar' };
  const app = rules.appOfLabel(label);
  if (app === null) return { kind: 'no-app', label };
  return { kind: 'app', name: app, flavour: name.endsWith('.localhost') ? 'subdomain' : 'domain' };
}

/**
 * The destination a browser Origin header names, for telling Hangar's own family of origins (Hangar, its apps)
 * from the rest of the web; null for any other site or a malformed Origin.
 */
export function originDestination(
  rules: DestinationRules,
  origin: string,
  hangarPort: number,
): Destination | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // A malformed Origin names no destination.
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const listenerApp = port === hangarPort ? null : rules.appOfPort(port);
  if (listenerApp === null && port !== hangarPort) return null;
  return destinationOf(rules, url.host, listenerApp);
}

/** `<label>` of `<label>.<parent>` when it is exactly one DNS label, else null. */
function subLabel(hostname: string, parent: string): string | null {
  if (!hostname.endsWith(`.${parent}`)) return null;
  const label = hostname.slice(0, -parent.length - 1);
  return label !== '' && !label.includes('.') ? label : null;
}

/** Labels of the names seen so far (app names are few; this keeps the hash off the per-request path). */
const labels = new Map<string, string>();

/** The app name behind a label among the apps that exist; null when none (or two names share it). */
export function appOfLabelAmong(names: Iterable<string>, label: string): string | null {
  let found: string | null = null;
  for (const name of names) {
    let known = labels.get(name);
    if (known === undefined) {
      if (labels.size > 10_000) labels.clear();
      known = appLabel(name);
      labels.set(name, known);
    }
    if (known !== label) continue;
    if (found !== null) return null;
    found = name;
  }
  return found;
}
