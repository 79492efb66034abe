// Builds the app proxy for the server from the engine's view of running apps.
import type { Engine } from '../lib/engine';
import { appPathOf, type AppProxy } from './app-proxy';
import { pathOf } from './http-server';
import { sendJson } from './http-util';

/** Until apps run, every /apps/<name>/ path answers "app not running" (HTML for browsers, JSON otherwise). */
export function createProxy(_engine: Engine): AppProxy {
  return {
    handleRequest(req, res) {
      const app = appPathOf(pathOf(req.url));
      if (!app) return false;
      const accept = req.headers.accept ?? '';
      if (!accept.includes('text/html')) {
        sendJson(res, 502, { error: 'app_not_running', app: app.name, dashboard: `/manage/${encodeURIComponent(app.name)}` });
        return true;
      }
      const name = escapeHtml(app.name);
      const html = `<!doctype html><meta charset="utf-8"><title>${name} is not running</title><body style="font-family:system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>${name} is not running</h1><p>Start it from its dashboard, then reload this page.</p><p><a href="/manage/${encodeURIComponent(app.name)}">Open the ${name} dashboard</a></p></body>`;
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return true;
    },
    handleUpgrade(req, socket) {
      if (!appPathOf(pathOf(req.url))) return false;
      socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    },
    close: async () => undefined,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
