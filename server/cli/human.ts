// Human output of API results the commands print without a format of their own: aligned "key value" lines for an
// object, one block per item for a list.

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "key  value" lines, nested objects one level deep as "parent.key". */
export function formatObject(value: Record<string, unknown>): string {
  const rows: [string, string][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item && typeof item === 'object' && !Array.isArray(item))
      for (const [inner, innerValue] of Object.entries(item as Record<string, unknown>))
        rows.push([`${key}.${inner}`, scalarText(innerValue)]);
    else rows.push([key, scalarText(item)]);
  }
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  return rows.map(([key, text]) => `${key.padEnd(width)}  ${text}\n`).join('');
}

export function formatValue(value: unknown, empty = 'Nothing.\n'): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value.map((item) => formatValue(item)).join('\n');
  }
  if (value && typeof value === 'object') return formatObject(value as Record<string, unknown>);
  return `${scalarText(value)}\n`;
}

/** Columns padded to their widest cell; the last column is left as it is. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
