// App records and API shapes shared by the engine, the API and the UI.
import { z } from 'zod';
import type { AppState } from './app-state';
import type { MenuItem } from './menu';

/** Where the browser loads an installed app's launcher icon: this path, then the app's name. */
export const ICONS_PATH = '/_hangar/icons/';

/** `[a-z0-9][a-z0-9._-]*`, at most 64 characters: a folder name and a URL path segment. */
export const APP_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const appNameSchema = z
  .string()
  .regex(
    APP_NAME_PATTERN,
    'an app name: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters',
  );

export interface AppSource {
  kind: 'git' | 'folder' | 'catalog';
  /** Git URL, local repository path, or folder path the app came from. */
  location: string;
  catalogId?: string;
}

export interface AppFailure {
  message: string;
  step?: number;
  lastLines?: string[];
  runId?: string;
}

export interface AppSummary {
  name: string;
  title: string;
  description: string;
  icon: string | null;
  state: AppState;
  url: string | null;
  port: number | null;
  source: AppSource;
  commit: string | null;
  previousCommit: string | null;
  error: AppFailure | null;
  installedAt: number;
  updatedAt: number;
}

export interface AppDetail extends AppSummary {
  restart: 'never' | 'on-failure';
  /** Earlier commits apps.rollback can return to, newest first (the first is where the next rollback goes). */
  generations: Array<{ commit: string; installHash: string | null; at: number }>;
  /** GPU indices the app is pinned to (CUDA_/HIP_VISIBLE_DEVICES at start), or null for all. */
  gpus: number[] | null;
  /** GPU memory used by the app's process tree while it runs (null when unknown or no GPU). */
  gpuMemoryMiB: number | null;
  menu: MenuItem[];
  scripts: string[];
  runs: Array<{ runId: string; script: string; status: string; startedAt: number }>;
}
