import { describe, expect, it } from 'vitest';
import { appBrowserUri } from '../../../../lib/engine/apps/browser-uri';
import type { AppRecord } from '../../../../lib/engine/apps/app-store';

const app = (name: string, state: AppRecord['state'], port: number | null) =>
  ({ name, state, port }) as AppRecord;

describe("web.open's URL as the browser reaches it", () => {
  const apps = [app('comfy', 'running', 42005), app('idle', 'stopped', 42006)];

  it("rewrites a running app's loopback URL to its /apps/<name>/ path, keeping path, query and hash", () => {
    expect(appBrowserUri('http://127.0.0.1:42005/view?x=1#top', apps)).toBe(
      '/apps/comfy/view?x=1#top',
    );
    expect(appBrowserUri('http://localhost:42005', apps)).toBe('/apps/comfy/');
    expect(appBrowserUri('http://0.0.0.0:42005/a/b', apps)).toBe('/apps/comfy/a/b');
  });

  it('leaves other URLs alone: other hosts, ports of no running app, and non-URLs', () => {
    expect(appBrowserUri('https://example.com:42005/', apps)).toBe('https://example.com:42005/');
    expect(appBrowserUri('http://127.0.0.1:42006/', apps)).toBe('http://127.0.0.1:42006/');
    expect(appBrowserUri('/manage/comfy', apps)).toBe('/manage/comfy');
  });
});
