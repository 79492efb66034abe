// Port reservation: concurrent starts never share a port, and a foreign listener is named by pid.
import net from 'node:net';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { PortPool, assertPortFree } from '../../../../lib/engine/processes/port-pool';
import { isEngineError } from '../../../../lib/engine/errors';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    servers.push(server);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('PortPool', () => {
  it('gives concurrent reservations different ports from the range and holds them until released', async () => {
    const pool = new PortPool({ from: 43200, to: 43220 });
    const ports = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => pool.reserve(owner)));
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(43200);
      expect(port).toBeLessThanOrEqual(43220);
    }
    expect(pool.release('b')).toEqual([ports[1]]);
    expect(
      pool
        .list()
        .map((p) => p.owner)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
  });

  it('skips a port a foreign process listens on', async () => {
    const taken = await getPort();
    await listen(taken);
    const pool = new PortPool({ from: taken, to: taken + 2 });
    expect(await pool.reserve('a')).not.toBe(taken);
  });

  it('fails with port_in_use and the pid of the listener when the range is exhausted or claimed', async () => {
    const taken = await getPort();
    await listen(taken);
    const pool = new PortPool({ from: taken, to: taken });
    await expect(pool.reserve('a')).rejects.toMatchObject({ code: 'port_in_use' });
    const error = await assertPortFree(taken).catch((e: unknown) => e);
    expect(isEngineError(error) && error.code).toBe('port_in_use');
    expect(isEngineError(error) && error.details?.pid).toBe(process.pid);
    expect(String((error as Error).message)).toContain(`pid ${process.pid}`);
  });

  it('lets an owner claim a hard-coded port once, and refuses a second owner', async () => {
    const pool = new PortPool({ from: 43250, to: 43260 });
    expect(await pool.claim(43255, 'app1')).toBe(43255);
    await expect(pool.claim(43255, 'app2')).rejects.toMatchObject({ code: 'port_in_use' });
  });
});
