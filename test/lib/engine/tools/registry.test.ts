import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lstat, mkdtemp, readFile, readlink, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ToolRegistry,
  installHint,
  parseVersion,
  provisionBin,
  toolSpec,
} from '../../../../lib/engine/tools';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-tools-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the tool registry', () => {
  it('reports git, python3 and node of this machine with versions and paths', async () => {
    const report = await new ToolRegistry().detect();
    for (const id of ['git', 'python3', 'node'] as const) {
      const tool = report.tools.find((t) => t.id === id)!;
      expect(tool, id).toMatchObject({ found: true, install: null });
      expect(tool.version, id).toMatch(/^\d+\.\d+/);
      expect(path.isAbsolute(tool.path!), id).toBe(true);
    }
    expect(report.tools.find((t) => t.id === 'node')!.version).toBe(process.versions.node);
  });

  it('reports a tool it cannot find as missing, with why and how to get it', async () => {
    const binDir = path.join(dir, 'only-node');
    await import('node:fs/promises').then((fs) => fs.mkdir(binDir));
    await symlink(process.execPath, path.join(binDir, 'node'));
    const report = await new ToolRegistry({ searchPath: binDir }).detect();
    const git = report.tools.find((t) => t.id === 'git')!;
    expect(git).toMatchObject({ found: false, version: null, path: null });
    expect(git.install?.text).toContain('clone');
    expect(report.tools.find((t) => t.id === 'node')).toMatchObject({
      found: true,
      version: process.versions.node,
    });
    expect(report.managers).toEqual([]);
  });

  it('offers the exact apt command when apt-get is present, sudo only for non-root users', () => {
    const apt = [{ manager: 'apt' as const, path: '/usr/bin/apt-get' }];
    expect(installHint(toolSpec('ffmpeg'), apt, true)).toMatchObject({
      manager: 'apt',
      command: 'apt-get install -y ffmpeg',
    });
    expect(installHint(toolSpec('ffmpeg'), apt, false).command).toBe(
      'sudo apt-get install -y ffmpeg',
    );
    expect(
      installHint(toolSpec('ffmpeg'), [{ manager: 'brew', path: '/opt/homebrew/bin/brew' }], false)
        .command,
    ).toBe('brew install ffmpeg');
    const none = installHint(toolSpec('nvidia-smi'), apt, true);
    expect(none).toMatchObject({ manager: null, command: null });
    expect(none.text).toContain('NVIDIA driver');
  });

  it('reads versions out of tool banners', () => {
    expect(parseVersion('git version 2.39.5')).toBe('2.39.5');
    expect(parseVersion('v20.20.2')).toBe('20.20.2');
    expect(parseVersion('Cuda compilation tools, release 13.0, V13.0.88')).toBe('13.0');
    expect(parseVersion('no digits')).toBeNull();
  });

  it('links the resolved binaries under bin/ and records their versions', async () => {
    const bin = path.join(dir, 'home-bin');
    const report = await new ToolRegistry().detect();
    const shims = await provisionBin(bin, report);
    const node = report.tools.find((t) => t.id === 'node')!;
    const link = path.join(bin, path.basename(node.path!));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(node.path);
    expect(shims.map((s) => s.name)).toContain(path.basename(node.path!));
    const recorded = JSON.parse(await readFile(path.join(bin, 'tools.json'), 'utf8'));
    expect(recorded.tools).toContainEqual({
      id: 'node',
      found: true,
      version: process.versions.node,
      path: node.path,
    });
    await provisionBin(bin, report);
    expect(await readlink(link)).toBe(node.path);
  });
});
