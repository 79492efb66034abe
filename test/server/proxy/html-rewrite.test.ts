// Opt-in HTML rewriting injects <base> and a URL shim after <head>, streaming, and only into HTML.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHtmlInjector, injection } from '../../../server/proxy/html-rewrite';
import { startFront, request, type Front } from './harness';
import { startAssetApp } from '../../fixtures/apps/asset-app';
import type { FixtureApp } from '../../fixtures/apps/listen';

async function rewrite(chunks: string[]): Promise<string> {
  const out: Buffer[] = [];
  const stream = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(
    createHtmlInjector('/apps/x'),
  );
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('the HTML injector', () => {
  const snippet = injection('/apps/x');

  it('inserts right after <head>, even when the tag is split across chunks', async () => {
    expect(
      await rewrite(['<!doctype html><html><he', 'ad lang="en"><title>é</title></head></html>']),
    ).toBe(`<!doctype html><html><head lang="en">${snippet}<title>é</title></head></html>`);
  });

  it('falls back to after <html>, then after the doctype, and leaves <header> alone', async () => {
    expect(await rewrite(['<html><body><header>x</header></body></html>'])).toBe(
      `<html>${snippet}<body><header>x</header></body></html>`,
    );
    expect(await rewrite(['<!DOCTYPE html><p>hi'])).toBe(`<!DOCTYPE html>${snippet}<p>hi`);
  });
});

describe('rewriteHtml through the proxy', () => {
  let front: Front;
  let app: FixtureApp;
  beforeAll(async () => {
    front = await startFront();
    app = await startAssetApp();
    front.register('plain', app.port);
    front.register('shimmed', app.port, { rewriteHtml: true });
  });
  afterAll(async () => {
    await front.close();
    await app.close();
  });

  it('is off by default and touches only HTML when on', async () => {
    const plain = await request(`${front.url}/apps/plain/`);
    expect(plain.body).not.toContain('<base');
    const page = await request(`${front.url}/apps/shimmed/`);
    expect(page.body).toContain('<head><base href="/apps/shimmed/"><script>');
    expect(page.headers['content-length']).toBeUndefined();
    const script = await request(`${front.url}/apps/shimmed/assets/app.js`);
    expect(script.body).not.toContain('<base');
  });
});
