// Persisted app records (`<home>/cache/state/apps.json`): one state at a time, written atomically.
import path from 'node:path';
import { z } from 'zod';
import type { AppFailure, AppSource } from '../../shared/app';
import { launchOptionsSchema, type LaunchOptions } from '../../shared/launch-options';
import { APP_STATES, type AppState } from '../../shared/app-state';
import type { HomeLayout } from '../home';
import { writeJsonAtomic } from '../state-file';
import { readStateFile } from '../state-file-read';
import { WriteQueue } from '../write-queue';
import { migrateRecord } from './app-record-migration';

/** A commit the app had before an update, with the sha256 of its install script then (null: none). */
export interface AppGeneration {
  commit: string;
  installHash: string | null;
  /** When this generation was replaced (ms). */
  at: number;
  /** The commit the app left by rolling back: going there is a return forward, not a roll back (absent: older). */
  newer?: boolean;
}

/** The last install that finished: when, and the sha256 of the install script it ran (null: none). */
export interface AppInstallRecord {
  at: number;
  installHash: string | null;
}

export interface AppRecord {
  name: string;
  state: AppState;
  source: AppSource;
  commit: string | null;
  previousCommit: string | null;
  url: string | null;
  port: number | null;
  error: AppFailure | null;
  /** Run id of the start script while the app runs. */
  startRunId: string | null;
  installedAt: number;
  updatedAt: number;
  /** Earlier commits to roll back to, newest first (at most `updates.keepGenerations`). */
  generations?: AppGeneration[];
  /** The last successful install; null while the app has never installed, absent in records older than this field. */
  lastInstall?: AppInstallRecord | null;
  /** `on-failure`: restart the app (with backoff) when its server dies on its own. */
  restart?: 'never' | 'on-failure';
  /** Arguments, environment, fixed port and auto-start (absent: none). */
  launch?: LaunchOptions;
}

const nullable = <T extends z.ZodTypeAny>(type: T) => type.nullable().default(null);

/** The shape apps.json must have: a list of records, each with a name, a known state and its source. */
export const appsFileSchema = z.array(
  z
    .object({
      name: z.string().min(1),
      state: z.enum(APP_STATES),
      source: z
        .object({
          kind: z.enum(['git', 'folder', 'catalog']),
          location: z.string(),
          catalogId: z.string().optional(),
        })
        .passthrough(),
      commit: nullable(z.string()),
      previousCommit: nullable(z.string()),
      url: nullable(z.string()),
      port: nullable(z.number().int()),
      error: nullable(z.object({ message: z.string() }).passthrough()),
      startRunId: nullable(z.string()),
      installedAt: z.number(),
      updatedAt: z.number(),
      restart: z.enum(['never', 'on-failure']).optional(),
      launch: launchOptionsSchema.optional(),
    })
    .passthrough(),
);

export class AppStore {
  private readonly file: string;
  private records = new Map<string, AppRecord>();
  private readonly writes = new WriteQueue();

  constructor(home: HomeLayout) {
    this.file = path.join(home.state, 'apps.json');
  }

  /** Reads apps.json; a bad one is moved aside and reported (`state_corrupt`, naming the file and the field). */
  async load(): Promise<void> {
    const list = (await readStateFile(this.file, appsFileSchema)) as AppRecord[] | null;
    if (list) this.records = new Map(list.map((r) => [r.name, r]));
    const migrated = [...this.records.values()]
      .map(migrateRecord)
      .filter((r): r is AppRecord => r !== null);
    for (const record of migrated) this.records.set(record.name, record);
    if (migrated.length > 0) await this.flush();
  }

  list(): AppRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): AppRecord | undefined {
    const record = this.records.get(name);
    return record ? { ...record } : undefined;
  }

  names(): IterableIterator<string> {
    return this.records.keys();
  }

  has(name: string): boolean {
    return this.records.has(name);
  }

  async put(record: AppRecord): Promise<void> {
    this.records.set(record.name, { ...record, updatedAt: Date.now() });
    await this.flush();
  }

  async delete(name: string): Promise<void> {
    this.records.delete(name);
    await this.flush();
  }

  /** Serialises writes so the file always holds the latest complete state; a failed write does not block the next. */
  private flush(): Promise<void> {
    const snapshot = this.list();
    return this.writes.run(() => writeJsonAtomic(this.file, snapshot));
  }
}
