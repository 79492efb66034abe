// Shapes the API returns, as the browser reads them (most come from lib/shared).

export type { RunInfo, RunError, TerminalInfo } from '../shared/run';
export type { RunLogEntry as LogEntry, RunLogPage as LogPage } from '../shared/run';

export interface CatalogItem {
  id: string;
  title: string;
  description: string;
  icon: string | null;
  source: string;
  tags: string[];
}

/** What `auth.status` answers. */
export interface AuthStatus {
  required: boolean;
  passwordSet: boolean;
  https: boolean;
  /** How apps are served in this run of Hangar (config.json's appOrigins as read at start). */
  appOrigins: 'origin' | 'path';
}
