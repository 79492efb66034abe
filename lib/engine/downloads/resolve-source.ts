// Maps a requested URL to what is actually fetched: direct links, the HF endpoint, per-host credentials.
import { googleDriveConfirmUrl, googleDriveDirectUrl } from './sources/google-drive';
import { githubDirectUrl, githubHeaders } from './sources/github';
import { hfRewrite, HF_DEFAULT_ENDPOINT } from './sources/huggingface';
import type { CredentialsProvider } from './types';

export interface SourceSettings {
  hfEndpoint?: string;
  credentials?: CredentialsProvider;
}

export interface ResolvedSource {
  url: string;
  headers: Record<string, string>;
}

export function resolveSource(url: string, settings: SourceSettings = {}): ResolvedSource {
  let direct = googleDriveDirectUrl(url);
  direct = githubDirectUrl(direct);
  direct = hfRewrite(direct, settings.hfEndpoint ?? HF_DEFAULT_ENDPOINT);
  const u = new URL(direct);
  return { url: direct, headers: { ...githubHeaders(u), ...settings.credentials?.(u) } };
}

/** The HTML hook for fetchFile: follows a Drive-style confirmation page, carrying its cookies. */
export function confirmPageHook(
  html: string,
  pageUrl: string,
  setCookie: string[],
): { url: string; cookie?: string } | null {
  const next = googleDriveConfirmUrl(html, pageUrl);
  if (!next) return null;
  const cookie = setCookie
    .map((c) => c.split(';')[0])
    .filter(Boolean)
    .join('; ');
  return { url: next, cookie: cookie || undefined };
}
