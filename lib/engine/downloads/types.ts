// Types of the download manager: requests, persisted records and credentials.

export type DownloadState =
  'queued' | 'downloading' | 'paused' | 'verifying' | 'done' | 'failed' | 'cancelled';

export interface DownloadRequest {
  url: string;
  /** Absolute destination file. */
  dest: string;
  sha256?: string;
  /** Extra headers (not persisted when they carry credentials). */
  headers?: Record<string, string>;
  /** Compute the sha256 even when none is expected. */
  hash?: boolean;
  /** Skip when `dest` already exists (default true, as Pinokio does). */
  skipExisting?: boolean;
  /** Run id the download belongs to, for the UI. */
  runId?: string;
  /** The app whose script asked for it: its ENVIRONMENT's proxy applies (also after a restart). */
  app?: string;
}

export interface DownloadRecord {
  id: string;
  url: string;
  dest: string;
  sha256?: string;
  hash?: boolean;
  headers?: Record<string, string>;
  runId?: string;
  app?: string;
  state: DownloadState;
  bytes: number;
  total: number | null;
  /** sha256 of the finished file when it was computed. */
  actualSha256?: string | null;
  /** `status`: the server's HTTP status, when the server answered with an error. */
  error?: { code: string; message: string; status?: number };
  createdAt: number;
  finishedAt?: number;
}

/** Credentials for a URL (HF token for the Hub, a GitHub token for GitHub); applied per request, never persisted. */
export type CredentialsProvider = (url: URL) => Record<string, string> | undefined;
