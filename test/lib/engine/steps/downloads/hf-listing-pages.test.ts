// Repo listings longer than a page: where the revision API gives no siblings (a very large repo), hf.download
// reads the tree API page by page through its Link headers, as huggingface_hub does, and stops at a bound.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hfListFiles } from '../../../../../lib/engine/downloads';
import {
  MAX_LISTING_PAGES,
  nextPageUrl,
} from '../../../../../lib/engine/downloads/sources/hf-listing';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import { DEFAULT_COMMIT, sha256Of } from '../../../../helpers/servers/hf-server';
import { hfWorldPerTest } from './step-context';

const FILES = 25;

describe('paged Hugging Face listings', () => {
  const w = hfWorldPerTest();
  const bodies = Array.from({ length: FILES }, (_, i) => randomBytes(1000 + i));
  const name = (i: number) => `shards/part-${String(i).padStart(3, '0')}.safetensors`;

  const treePages = () =>
    w.server.requests.filter((r) => r.method === 'GET' && r.path.includes('/tree/'));

  it('hf.download of a repo longer than a page fetches every file once, reading 3 pages of the tree', async () => {
    w.hf.siblingsLimit = 10;
    w.hf.treePageSize = 10;
    const files = Object.fromEntries(
      bodies.map((body, i) => [name(i), { body, lfs: i % 2 === 0 }]),
    );
    w.hf.repos.set('org/big', { files });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    const params = { repo: 'org/big' };
    await downloadSteps['hf.download']!.run(params, ctx, soloStepRequest('hf.download', params));
    expect(treePages()).toHaveLength(3);
    // The tree is read at the commit the revision API named, so every page lists the same snapshot.
    expect(treePages().every((r) => r.path.includes(`/tree/${DEFAULT_COMMIT}`))).toBe(true);
    const snapshot = path.join(
      w.t.home.cache,
      'HF_HOME/hub/models--org--big/snapshots',
      DEFAULT_COMMIT,
    );
    for (const [i, body] of bodies.entries())
      expect(await readFile(path.join(snapshot, name(i)))).toEqual(body);
    const fetched = w.hf.bodyRequests();
    expect(fetched).toHaveLength(FILES);
    expect(new Set(fetched).size).toBe(FILES);
  });

  it('lists the entries of every page with their LFS hashes and sizes', async () => {
    w.hf.siblingsLimit = 0;
    w.hf.treePageSize = 7;
    const files = Object.fromEntries(bodies.map((body, i) => [name(i), { body, lfs: true }]));
    w.hf.repos.set('org/big', { files });
    const info = await hfListFiles(w.hf.endpoint, 'org/big');
    expect(info.sha).toBe(DEFAULT_COMMIT);
    expect(info.files).toEqual(bodies.map((_, i) => name(i)));
    expect(info.entries.map((e) => [e.sha256, e.size])).toEqual(
      bodies.map((b) => [sha256Of(b), b.length]),
    );
    expect(treePages()).toHaveLength(Math.ceil(FILES / 7));
  });

  it(`stops a listing whose pages never end after ${MAX_LISTING_PAGES} pages, with a clear error`, async () => {
    w.server.handlers.unshift((req, res) => {
      const url = new URL(req.url ?? '/', w.server.origin);
      if (url.pathname === '/api/models/org/endless/revision/main') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sha: DEFAULT_COMMIT, siblings: [] }));
        return true;
      }
      if (!url.pathname.startsWith('/api/models/org/endless/tree/')) return false;
      const page = Number(url.searchParams.get('cursor') ?? 0);
      url.searchParams.set('cursor', String(page + 1));
      res.writeHead(200, { 'content-type': 'application/json', link: `<${url.href}>; rel="next"` });
      res.end(JSON.stringify([{ type: 'file', path: `f${page}`, oid: 'a'.repeat(40), size: 1 }]));
      return true;
    });
    await expect(hfListFiles(w.hf.endpoint, 'org/endless')).rejects.toThrow(
      `The listing of org/endless@${DEFAULT_COMMIT} goes on past ${MAX_LISTING_PAGES} pages`,
    );
    expect(treePages()).toHaveLength(MAX_LISTING_PAGES);
  }, 120_000);

  it('reads the next link among others, relative or absolute, and none on the last page', () => {
    const page = 'https://hub.example/api/models/a/b/tree/main?recursive=true';
    expect(nextPageUrl('<https://hub.example/x?cursor=2>; rel="next"', page)).toBe(
      'https://hub.example/x?cursor=2',
    );
    expect(nextPageUrl('</p?c=1>; rel="prev", </p?c=3>; rel=next', page)).toBe(
      'https://hub.example/p?c=3',
    );
    expect(nextPageUrl('<https://hub.example/p?c=1>; rel="prev"', page)).toBeNull();
    expect(nextPageUrl(undefined, page)).toBeNull();
  });
});
