// Proxy profiles of the apps: from the catalog entry or the launcher's `proxy`, remembered per app, and the proxy's
// view of a running app.
import {
  effectiveProfile,
  parseProxyProfile,
  rootPathInjection,
  type ProxyProfile,
  type RootPathInjection,
} from '../../shared/proxy-profile';
import { parseDriveProfile, type DriveProfile } from '../../shared/drive-profile';
import { loadLauncher } from '../launcher';
import type { GateAddress } from '../../http/app-dial';
import type { AppContext } from './app-context';
import { driveInjection, type DriveInjection } from './app-drive';

/**
 * Where the proxy reaches a running app: its port, on its host (a cluster node's address; absent: loopback), through
 * the gate on that host when it has one, and the proxy profile it is served with.
 */
export interface ServingTarget {
  host?: string;
  gate?: GateAddress;
  port: number;
  profile: ProxyProfile;
}

export class AppProfiles {
  private readonly profiles = new Map<string, ProxyProfile>();
  private readonly drives = new Map<string, DriveProfile>();

  constructor(private readonly ctx: AppContext) {}

  /** Keeps the profile a catalog entry gave at install. */
  remember(name: string, profile: ProxyProfile): void {
    this.profiles.set(name, profile);
  }

  forget(name: string): void {
    this.profiles.delete(name);
    this.drives.delete(name);
  }

  /** How the app finds the drive's models: its catalog entry's `drive`, else its launcher's, else none. */
  async driveOf(name: string): Promise<DriveProfile> {
    const known = this.drives.get(name);
    if (known) return known;
    const record = this.ctx.record(name);
    let profile = parseDriveProfile({});
    if (record.source.kind === 'catalog' && record.source.catalogId) {
      const entry = await this.ctx.options.catalog.get(record.source.catalogId);
      if (entry?.drive) profile = entry.drive;
    } else {
      const launcher = await loadLauncher(this.ctx.appDir(name), this.ctx.options.runner);
      if (launcher.meta.drive !== undefined) profile = parseDriveProfile(launcher.meta.drive);
    }
    this.drives.set(name, profile);
    return profile;
  }

  /** What the app is started with so that it sees the drive's models (writes ComfyUI's config on the way). */
  async driveInjection(name: string): Promise<DriveInjection> {
    const { home } = this.ctx.options;
    return driveInjection(await this.driveOf(name), this.ctx.appDir(name), home.drive);
  }

  /** The app's declared profile: its catalog entry's, else its launcher's `proxy`, else the default. */
  async of(name: string): Promise<ProxyProfile> {
    const known = this.profiles.get(name);
    if (known) return known;
    const record = this.ctx.record(name);
    let profile = parseProxyProfile({});
    if (record.source.kind === 'catalog' && record.source.catalogId) {
      const entry = await this.ctx.options.catalog.get(record.source.catalogId);
      if (entry?.proxy) profile = entry.proxy;
    } else {
      const launcher = await loadLauncher(this.ctx.appDir(name), this.ctx.options.runner);
      const declared = launcher.meta.proxy;
      if (declared !== undefined) profile = parseProxyProfile(declared);
    }
    this.profiles.set(name, profile);
    return profile;
  }

  /** What the app is started with so that it serves under its base path (env, server args). */
  async injection(name: string): Promise<RootPathInjection> {
    return rootPathInjection(this.effective(await this.of(name)), name);
  }

  /** The proxy's view of a running app (see ServingTarget), or null. */
  proxyTarget(name: string): ServingTarget | null {
    const record = this.ctx.store.get(name);
    if (!record || record.state !== 'running' || record.port === null) return null;
    const remote = this.ctx.options.remote?.(name);
    // An app on another host whose address is not known (yet) is not served: never this machine's port instead.
    if (remote && !remote.host) return null;
    return {
      ...(remote?.host ? { host: remote.host } : {}),
      ...(remote?.gate ? { gate: remote.gate } : {}),
      port: record.port,
      profile: this.effective(this.profiles.get(name) ?? parseProxyProfile({})),
    };
  }

  private effective(profile: ProxyProfile): ProxyProfile {
    return effectiveProfile(profile, this.ctx.options.appOrigins ?? 'origin');
  }
}
