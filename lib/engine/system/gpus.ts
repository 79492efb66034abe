// GPU inventory from nvidia-smi and rocm-smi; an empty list when neither is present.
import { execFile } from 'node:child_process';
import type { Gpu } from '../../shared/system';

const NVIDIA_QUERY = 'index,name,driver_version,memory.total,memory.used,compute_cap';

/** Parses `nvidia-smi --query-gpu=<NVIDIA_QUERY> --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(csv: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length < 6 || cells[0] === '' || Number.isNaN(Number(cells[0]))) continue;
    const [index, model, driver, total, used, cap] = cells;
    gpus.push({
      name: 'nvidia',
      index: Number(index),
      model: model.toLowerCase(),
      driver: notAvailable(driver) ? null : driver,
      memoryMiB: numberOrNull(total),
      memoryUsedMiB: numberOrNull(used),
      target: notAvailable(cap) ? null : `sm_${cap.replace('.', '')}`,
    });
  }
  return gpus;
}

/** Parses `rocm-smi --showproductname --showmeminfo vram --json`. */
export function parseRocmSmi(json: string): Gpu[] {
  let data: Record<string, Record<string, string>>;
  try {
    data = JSON.parse(json) as Record<string, Record<string, string>>;
  } catch {
    // rocm-smi prints plain-text warnings instead of JSON when no device is usable: no GPUs.
    return [];
  }
  const gpus: Gpu[] = [];
  for (const [key, card] of Object.entries(data)) {
    const match = /^card(\d+)$/.exec(key);
    if (!match || typeof card !== 'object') continue;
    const total = numberOrNull(card['VRAM Total Memory (B)']);
    const used = numberOrNull(card['VRAM Total Used Memory (B)']);
    gpus.push({
      name: 'amd',
      index: Number(match[1]),
      model: (
        card['Card series'] ??
        card['Card SKU'] ??
        card['Card model'] ??
        'amd gpu'
      ).toLowerCase(),
      driver: card['Driver version'] ?? null,
      memoryMiB: total === null ? null : Math.round(total / 1048576),
      memoryUsedMiB: used === null ? null : Math.round(used / 1048576),
      target: card['GFX Version'] ?? null,
    });
  }
  return gpus;
}

export async function detectGpus(): Promise<Gpu[]> {
  const nvidia = await run('nvidia-smi', [
    `--query-gpu=${NVIDIA_QUERY}`,
    '--format=csv,noheader,nounits',
  ]);
  const amd = await run('rocm-smi', ['--showproductname', '--showmeminfo', 'vram', '--json']);
  return [...(nvidia ? parseNvidiaSmi(nvidia) : []), ...(amd ? parseRocmSmi(amd) : [])];
}

/** Runs a probe; null when the tool is missing, fails or times out (all mean "no such GPUs"). */
function run(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5000, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
}

function notAvailable(value: string | undefined): value is undefined {
  return (
    value === undefined ||
    value === '' ||
    /^\[?n\/a\]?$/i.test(value) ||
    /not supported/i.test(value)
  );
}

function numberOrNull(value: string | undefined): number | null {
  if (notAvailable(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
