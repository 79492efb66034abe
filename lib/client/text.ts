// Small text helpers for the UI: tags stripped, byte sizes and durations for humans.
export { formatBytes } from '../shared/format';
export { stripTags } from '../shared/html';
export { scriptName } from '../shared/run-title';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
