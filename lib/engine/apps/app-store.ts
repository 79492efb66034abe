// Persisted app records (`<home>/cache/state/apps.json`): one state at a time, written atomically.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppFailure, AppSource } from '../../shared/app';
import type { AppState } from '../../shared/app-state';
import { EngineError } from '../errors';
import { writeJsonAtomic, type HomeLayout } from '../home';
import { migrateRecord } from './app-record-migration';

/** A commit the app had before an update, with the sha256 of its install script then (null: none). */
export interface AppGeneration {
  commit: string;
  installHash: string | null;
  /** When this generation was replaced (ms). */
  at: number;
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
}

export class AppStore {
  private readonly file: string;
  private records = new Map<string, AppRecord>();
  private writing: Promise<void> = Promise.resolve();

  constructor(home: HomeLayout) {
    this.file = path.join(home.state, 'apps.json');
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const list = JSON.parse(text) as AppRecord[];
      this.records = new Map(list.map((r) => [r.name, r]));
    } catch (error) {
      throw new EngineError('config_invalid', `${this.file} is not valid JSON (${(error as Error).message}); fix or remove it`, { details: { file: this.file } });
    }
    const migrated = [...this.records.values()].map(migrateRecord).filter((r): r is AppRecord => r !== null);
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

  /** Serialises writes so the file always holds the latest complete state. */
  private flush(): Promise<void> {
    const snapshot = this.list();
    this.writing = this.writing.then(() => writeJsonAtomic(this.file, snapshot));
    return this.writing;
  }
}
