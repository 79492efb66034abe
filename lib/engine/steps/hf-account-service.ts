// The Hugging Face account service steps reach through `ctx.services.hfAccount`: the stored token and endpoint.
import type { Settings } from '../settings';
import type { DownloadSettings } from './downloads/services';

export interface HfAccountService {
  /** The stored token and endpoint (config.json). */
  settings(): DownloadSettings;
  /** Stores the token, or removes it with null. */
  setToken(token: string | null): Promise<void>;
}

/** The service over Hangar's settings file (config.json, mode 0600). */
export function hfAccountService(settings: Settings): HfAccountService {
  return {
    settings: () => ({ hfToken: settings.value.hfToken, hfEndpoint: settings.value.hfEndpoint }),
    setToken: async (token) => {
      await settings.update({ hfToken: token });
    },
  };
}
