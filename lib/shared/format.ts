// Human-readable sizes, shared by the CLI's doctor report and the UI.
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A commit as people read it, the same length everywhere (UI, CLI and the engine's messages): its first 7 digits. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}
