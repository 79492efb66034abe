// Node fetched from the npm registry (node-<platform>-<arch>, plus npm) into bin/ when a launcher needs a Node
// version the machine lacks, or a step runs node/npm/npx where none is installed.
import { mkdir, readlink, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellSteps } from '../../../../lib/engine/steps/shell';
import {
  ensureRequiredNode,
  ensureStepTools,
  findExecutable,
  readProvisioned,
} from '../../../../lib/engine/tools';
import { createRun, request, type TestRun } from '../steps/shell/step-context';

const shellRun = shellSteps['shell.run']!;
let current: TestRun | null = null;

afterEach(async () => {
  await current?.dispose();
  current = null;
});

const exec = (t: TestRun, params: Record<string, unknown>) =>
  shellRun.run(params, t.ctx, request(params)) as Promise<{ stdout: string; exitCode: number }>;

const pkg = `node-${process.platform}-${process.arch}`;
/** A release line other than the machine's own, so the machine's node cannot satisfy it. */
const machineMajor = Number(process.versions.node.split('.')[0]);
const wanted = String(machineMajor === 22 ? 20 : 22);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function provisionOptions(t: TestRun, PATH: string, extra: Record<string, string> = {}) {
  const lines: string[] = [];
  const env = { ...(process.env as Record<string, string>), ...extra, PATH };
  return { lines, options: { binDir: t.ctx.home.bin, env, log: (l: string) => lines.push(l) } };
}

describe('Node provisioned into bin/', () => {
  it('fetches the Node version `requires` names, links node/npm/npx, and an app shell runs it', async () => {
    const t = (current = await createRun());
    const bin = t.ctx.home.bin;
    const { lines, options } = provisionOptions(t, [bin, process.env.PATH].join(path.delimiter));
    await ensureRequiredNode({ bundle: 'javascript', node: wanted }, options);
    const log = lines.join('\n');
    expect(log).toContain(
      `this launcher needs Node ${wanted}; the Node on PATH is ${process.versions.node}`,
    );
    expect(log).toContain(`fetching ${pkg}@${wanted} from the npm registry into ${bin}`);
    expect(log).toMatch(
      new RegExp(`node ${wanted}\\.\\d+\\.\\d+ and npm \\d+\\.\\d+\\.\\d+ are ready`),
    );

    const result = await exec(t, {
      message: 'node -v && npm -v && npx --version && command -v node',
    });
    const [nodeV, npmV, npxV, where] = result.stdout.trim().split(/\r?\n/).slice(-4);
    expect(nodeV).toMatch(new RegExp(`^v${wanted}\\.\\d+\\.\\d+$`));
    expect(npmV).toMatch(/^\d+\.\d+\.\d+$/);
    expect(npxV).toBe(npmV);
    expect(where).toBe(path.join(bin, 'node'));

    const records = await readProvisioned(bin);
    expect(records.node).toMatchObject({ kind: 'installed', version: nodeV!.slice(1) });
    expect(records.node!.source).toBe(`npm ${pkg}@${nodeV!.slice(1)}`);
    expect(records.npm).toMatchObject({ kind: 'installed', version: npmV });

    // Asked again, the provisioned node satisfies it: nothing is fetched.
    lines.length = 0;
    await ensureRequiredNode([{ name: 'nodejs', version: wanted }], options);
    expect(lines).toEqual([]);
  }, 300_000);

  it('fetches Node before a step that runs npm where no node is on PATH', async () => {
    const t = (current = await createRun());
    const bin = t.ctx.home.bin;
    // A PATH with only tar and gzip (needed to unpack), no node.
    const tools = path.join(t.dir, 'tools');
    await mkdir(tools);
    for (const name of ['tar', 'gzip', 'sh']) {
      const found = await findExecutable(name, process.env.PATH ?? '');
      await symlink(found!, path.join(tools, name));
    }
    const { lines, options } = provisionOptions(t, [bin, tools].join(path.delimiter));
    await ensureStepTools({ message: 'cd app && npm install' }, options);
    const major = process.versions.node.split('.')[0];
    expect(lines.join('\n')).toContain(`fetching ${pkg}@${major} from the npm registry`);
    expect(await readlink(path.join(bin, 'npm'))).toMatch(/hangar-npm$/);
    // The app's shell (bin/ first on PATH) runs the provisioned node.
    const result = await exec(t, { message: 'command -v node && node -v' });
    expect(result.stdout).toContain(path.join(bin, 'node'));
    const { node } = await readProvisioned(bin);
    expect(result.stdout).toContain(`v${node!.version}`);
    expect(node!.version).toMatch(new RegExp(`^${major}\\.`));
  }, 300_000);

  it('names the package, the version and what was tried when the registry cannot be reached', async () => {
    const t = (current = await createRun());
    const port = await closedPort();
    const { options } = provisionOptions(
      t,
      [t.ctx.home.bin, process.env.PATH].join(path.delimiter),
      {
        npm_config_registry: `http://127.0.0.1:${port}/`,
        npm_config_fetch_retries: '0',
        npm_config_offline: 'false',
        npm_config_prefer_online: 'true',
      },
    );
    const error = await ensureRequiredNode({ node: '>=99' }, options).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'missing_tool',
      details: { tools: ['node'], version: '>=99', tried: `npm pack ${pkg}@>=99` },
    });
    expect((error as Error).message).toContain(
      `Node >=99 is not installed, and Hangar could not fetch it from the npm registry (npm pack ${pkg}@>=99:`,
    );
    expect(await readProvisioned(t.ctx.home.bin)).toEqual({});
  }, 120_000);
});
