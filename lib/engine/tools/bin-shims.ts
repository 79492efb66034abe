// Records the tools Hangar resolved under `<home>/bin`: one symlink per binary plus tools.json with versions.
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../home';
import type { ToolReport } from './registry';

export interface BinShim {
  name: string;
  target: string;
}

/**
 * Links each found tool into `binDir` (replacing stale links, never touching regular files a user put there) and
 * writes `binDir/tools.json`. With `binDir` first on PATH every app's shell sees the same binaries.
 */
export async function provisionBin(binDir: string, report: ToolReport): Promise<BinShim[]> {
  await mkdir(binDir, { recursive: true });
  const shims: BinShim[] = [];
  const seen = new Set<string>();
  for (const tool of report.tools) {
    if (!tool.found || !tool.path || tool.id === 'venv') continue;
    const name = path.basename(tool.path);
    if (seen.has(name) || path.dirname(tool.path) === path.resolve(binDir)) continue;
    seen.add(name);
    if (await linkTool(path.join(binDir, name), tool.path)) shims.push({ name, target: tool.path });
  }
  await writeJsonAtomic(path.join(binDir, 'tools.json'), {
    checkedAt: report.checkedAt,
    tools: report.tools.map(({ id, found, version, path: p }) => ({ id, found, version, path: p })),
  });
  return shims;
}

async function linkTool(link: string, target: string): Promise<boolean> {
  try {
    const stat = await lstat(link);
    if (!stat.isSymbolicLink()) return false;
    const current = await readlink(link);
    if (current === target) return true;
    // A tool Hangar provisioned into bin/pkgs (a pinned Node, ffmpeg) wins over the machine's own.
    if (current.startsWith(path.join(path.dirname(link), 'pkgs') + path.sep)) return false;
    await rm(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await symlink(target, link);
  return true;
}
