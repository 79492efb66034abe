import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { renderTextPng } from './render-text';
import { fetchApp } from '../helpers/app-origin';

let server: TestServer;
let events: EventLog;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await browser?.close();
  await server?.stop();
});

describe('OCR Studio, installed from the catalog with a real npm install', () => {
  it('installs tesseract.js and the English model into the app folder', async () => {
    const { name } = await server.rpc('apps.install', { source: 'ocr-studio' });
    expect(name).toBe('ocr-studio');
    const status = await events.waitFor(
      'app:status',
      (e) => e.name === 'ocr-studio' && (e.state === 'installed' || e.state === 'install-failed'),
      240_000,
    );
    expect(status.error, JSON.stringify(status.error)).toBeNull();
    const modules = path.join(server.home, 'api/ocr-studio/app/node_modules');
    expect(existsSync(path.join(modules, 'tesseract.js/package.json'))).toBe(true);
    expect(
      existsSync(path.join(modules, '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz')),
    ).toBe(true);
  }, 250_000);

  it('starts and serves its upload page under /apps/ocr-studio/ with relative URLs only', async () => {
    const started = await server.rpc('apps.start', { name: 'ocr-studio', timeoutMs: 60_000 });
    expect(started.url).toBe('/apps/ocr-studio/');
    const page = await fetchApp(server.port, 'ocr-studio', `/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>OCR Studio</title>');
    expect(html).toContain('type="file"');
    expect(html).toContain('fetch("recognize"');
    expect(html).not.toMatch(/(src|href|action)="\//);
  }, 70_000);

  it('reads the words of a generated image of printed text posted through the proxy', async () => {
    const png = await renderTextPng(browser, ['Hangar reads printed text', 'Quick brown fox 42']);
    const response = await fetchApp(server.port, 'ocr-studio', `/recognize`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { text: string; confidence: number };
    const words = body.text.toLowerCase();
    for (const word of ['hangar', 'reads', 'printed', 'text', 'quick', 'brown', 'fox', '42'])
      expect(words).toContain(word);
    expect(body.confidence).toBeGreaterThan(60);
  }, 60_000);

  it('answers an empty upload with a clear 400', async () => {
    const response = await fetchApp(server.port, 'ocr-studio', `/recognize`, {
      method: 'POST',
      body: '',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'send the image file as the request body' });
  });
});
