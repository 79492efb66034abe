// User settings: the home's config.json, read without secrets and patched atomically.
import type { HomeConfig, PublicSettings, SettingsPatch } from '../shared/config';
import { homeConfigSchema } from '../shared/config';
import { writeJsonAtomic } from './home';

export class Settings {
  constructor(
    private readonly file: string,
    private current: HomeConfig,
  ) {}

  get value(): HomeConfig {
    return this.current;
  }

  public(): PublicSettings {
    const { hfToken, ...rest } = this.current;
    return { ...rest, hfTokenSet: Boolean(hfToken) };
  }

  async update(patch: SettingsPatch): Promise<PublicSettings> {
    const next: Record<string, unknown> = { ...this.current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else if (isPlainObject(value) && isPlainObject(next[key])) next[key] = { ...next[key], ...value };
      else if (value !== undefined) next[key] = value;
    }
    this.current = homeConfigSchema.parse(next);
    await writeJsonAtomic(this.file, this.current);
    return this.public();
  }
}

/** Nested settings (such as `logs`) are patched field by field. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
