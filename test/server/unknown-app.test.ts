// /apps/<name>/ on a real Hangar: an app that is not installed is a 404 page pointing to Discover; an installed app
// that is not running stays a 502 pointing to its dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloAppRepo } from '../helpers/hello-app';
import type { TempRepo } from '../helpers/git-repo';
import { waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

let server: ServerProcess;
let repo: TempRepo;

beforeAll(async () => {
  [server, repo] = await Promise.all([spawnServer(), helloAppRepo()]);
  await server.rpc('apps.install', { source: repo.dir, name: 'hello-app' });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
    'the install',
    60_000,
  );
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await repo?.remove();
});

const html = { accept: 'text/html,application/xhtml+xml' };

describe('/apps/<name>/ of an app that does not run', () => {
  it('answers an unknown app with a 404 page linking to Discover', async () => {
    const page = await fetch(`${server.url}/apps/no-such-app/`, { headers: html });
    expect(page.status).toBe(404);
    const body = await page.text();
    expect(body).toContain('<h1>No app named no-such-app</h1>');
    // The page says it once: the body adds what to check, not the heading again.
    expect(body).toContain('Nothing by that name is installed here');
    expect(body).toContain('href="/discover"');
    expect(body).not.toContain('/manage/no-such-app');
    const json = await fetch(`${server.url}/apps/no-such-app/x`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(404);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers an installed app that is not running with a 502 linking to its dashboard', async () => {
    const page = await fetch(`${server.url}/apps/hello-app/`, { headers: html });
    expect(page.status).toBe(502);
    const body = await page.text();
    expect(body).toContain('is not running');
    expect(body).toContain('href="/manage/hello-app"');
  });
});
