// Per-host credentials: the HF token goes only to the Hub (or its endpoint), a GitHub token only to GitHub.
import { isGithubUrl } from './sources/github';
import { isHfHost } from './sources/huggingface';
import type { CredentialsProvider } from './types';

export interface CredentialSettings {
  hfToken?: string;
  hfEndpoint: string;
  githubToken?: string;
}

export function credentialsFor(settings: CredentialSettings): CredentialsProvider {
  return (url) => {
    if (settings.hfToken && isHfHost(url, settings.hfEndpoint))
      return { authorization: `Bearer ${settings.hfToken}` };
    if (settings.githubToken && isGithubUrl(url))
      return { authorization: `Bearer ${settings.githubToken}` };
    return undefined;
  };
}
