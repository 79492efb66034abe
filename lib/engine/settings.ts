// User settings: the home's config.json (mode 0600), read without secrets and patched atomically, one patch at a time;
// readers that apply a setting live read `value` when they act, restart-only settings are reported as such.
import type { HomeConfig, PublicSettings, SettingKey, SettingsPatch } from '../shared/config';
import { homeConfigSchema, RESTART_SETTINGS } from '../shared/config';
import { CONFIG_MODE } from './home';
import { writeJsonAtomic } from './state-file';
import { WriteQueue } from './write-queue';

export class Settings {
  private readonly writes = new WriteQueue();
  private readonly listeners = new Set<() => void>();

  /** The value this Hangar started with: restart-only settings keep acting on it. */
  private readonly atStart: HomeConfig;

  constructor(
    private readonly file: string,
    private current: HomeConfig,
  ) {
    this.atStart = current;
  }

  get value(): HomeConfig {
    return this.current;
  }

  public(): PublicSettings {
    const { hfToken, ...rest } = this.current;
    return {
      ...rest,
      ...(rest.proxy === undefined ? {} : { proxy: withoutPassword(rest.proxy) }),
      hfTokenSet: Boolean(hfToken),
      appliesAfterRestart: Object.fromEntries(RESTART_SETTINGS.map((key) => [key, true])),
      pendingRestart: RESTART_SETTINGS.filter((key) => this.changedSinceStart(key)),
    };
  }

  private changedSinceStart(key: SettingKey): boolean {
    return JSON.stringify(this.current[key]) !== JSON.stringify(this.atStart[key]);
  }

  /** Calls `listener` after each change is saved (for live settings held by a timer); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Applies `patch` on top of every earlier patch; the value changes only once the file holds it. */
  update(patch: SettingsPatch): Promise<PublicSettings> {
    return this.writes.run(async () => {
      const next: Record<string, unknown> = { ...this.current };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete next[key];
        else if (isPlainObject(value) && isPlainObject(next[key]))
          next[key] = { ...next[key], ...value };
        else if (value !== undefined) next[key] = value;
      }
      const config = homeConfigSchema.parse(next);
      await writeJsonAtomic(this.file, config, { mode: CONFIG_MODE });
      this.current = config;
      for (const listener of this.listeners) listener();
      return this.public();
    });
  }
}

/** The proxy URL as shown: a password is never sent back out. */
function withoutPassword(proxy: string): string {
  return proxy.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** Nested settings (such as `logs`) are patched field by field. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
