// ffmpeg fetched from the npm registry (@ffmpeg-installer/<platform>) into bin/ before a step that runs it.
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable, readProvisioned } from '../../../../lib/engine/tools';
import { exec, info, runPerTest } from './shell-run';

const startRun = runPerTest();

/** A loopback port nothing listens on: a registry that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ffmpeg provisioned into bin/', () => {
  it('fetches the real ffmpeg with npm before a step that runs it, links it into bin/ and records it', async () => {
    if (await findExecutable('ffmpeg', process.env.PATH ?? ''))
      throw new Error('this test needs a machine without ffmpeg on PATH');
    const t = await startRun();
    const bin = t.ctx.home.bin;
    const pkg = `@ffmpeg-installer/${process.platform}-${process.arch}`;
    const result = await exec(t, { message: 'ffmpeg -version | head -n 1 && command -v ffmpeg' });
    expect(result.stdout).toMatch(/ffmpeg version \S+/);
    expect(result.stdout).toContain(path.join(bin, 'ffmpeg'));
    expect(info(t)).toContain(`fetching ${pkg} from the npm registry into ${bin}`);
    const record = (await readProvisioned(bin)).ffmpeg;
    expect(record).toMatchObject({ kind: 'installed' });
    expect(record!.source).toMatch(new RegExp(`^npm ${pkg}@\\d`));
    expect(record!.version).toMatch(/^\d+\.\d+/);
  }, 180_000);

  it('says what was tried when the registry cannot be reached', async () => {
    const t = await startRun();
    const port = await closedPort();
    const error = await exec(t, {
      env: { npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_fetch_retries: '0' },
      message: 'ffmpeg -version',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'missing_tool', details: { tools: ['ffmpeg'] } });
    expect((error as Error).message).toContain(
      `Hangar could not fetch it from the npm registry (npm pack @ffmpeg-installer/${process.platform}-${process.arch}:`,
    );
    expect(await readProvisioned(t.ctx.home.bin)).toEqual({});
  }, 120_000);
});
