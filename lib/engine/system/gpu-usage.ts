// GPU memory per process (nvidia-smi compute apps) and the total used by one app's process tree.
import { execFile } from 'node:child_process';
import { listProcs, type ProcInfo } from '../processes/proc-table';

export interface GpuProcess {
  pid: number;
  usedMiB: number;
}

/** Parses `nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits`. */
export function parseComputeApps(csv: string): GpuProcess[] {
  const out: GpuProcess[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const [pid, used] = line.split(',').map((c) => c.trim());
    if (!pid || !/^\d+$/.test(pid) || !used || !/^\d+(\.\d+)?$/.test(used)) continue;
    out.push({ pid: Number(pid), usedMiB: Number(used) });
  }
  return out;
}

/** Pids of `roots` and all their descendants in `procs`. */
export function processTree(roots: number[], procs: Pick<ProcInfo, 'pid' | 'ppid'>[]): Set<number> {
  const tree = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** MiB of GPU memory used by the processes under `roots`. */
export function treeGpuMemory(
  roots: number[],
  procs: Pick<ProcInfo, 'pid' | 'ppid'>[],
  gpuProcesses: GpuProcess[],
): number {
  const tree = processTree(roots, procs);
  return gpuProcesses.filter((g) => tree.has(g.pid)).reduce((sum, g) => sum + g.usedMiB, 0);
}

/** Reads nvidia-smi's compute apps now; an empty list without nvidia-smi. */
export function detectGpuProcesses(): Promise<GpuProcess[]> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'],
      { timeout: 5000, encoding: 'utf8' },
      (error, stdout) => resolve(error ? [] : parseComputeApps(stdout)),
    );
  });
}

/** GPU memory (MiB) of a running app, given the root pids of its processes; null when no GPU tool answers. */
export async function appGpuMemory(roots: number[]): Promise<number | null> {
  const gpuProcesses = await detectGpuProcesses();
  if (gpuProcesses.length === 0) return null;
  return treeGpuMemory(roots, await listProcs(), gpuProcesses);
}
