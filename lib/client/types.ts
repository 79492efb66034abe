// Shapes the API returns, as the browser reads them (all come from lib/shared).

export type { RunInfo, RunError, TerminalInfo } from '../shared/run';
export type { RunLogEntry as LogEntry, RunLogPage as LogPage } from '../shared/run';
export type { CatalogItem } from '../shared/catalog';
export type { AuthStatus } from '../shared/auth';
