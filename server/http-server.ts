// The one request dispatcher: Host check, auth pages and the auth gate, then the route table (/apps proxy, /api, Next).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostPolicy } from './security/host-check';
import type { AppProxy } from './proxy';
import type { AuthGate } from './auth';
import { refuse } from './auth';
import { sendText } from './http-util';
import { applyPageSecurityHeaders } from './security/page-headers';
import type { FileRoute } from './file-response';

export interface DispatchTargets {
  hostPolicy: HostPolicy;
  /** The auth gate and its pages (login, logout, password). */
  auth: { gate: AuthGate; routes(req: IncomingMessage, res: ServerResponse, pathname: string): boolean };
  proxy: AppProxy;
  api(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Files served under a path prefix (diagnostics bundles, app icons), behind the same checks. */
  files: FileRoute[];
  /** Next.js, or null when the server runs without UI (API-only tests). */
  ui: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
}

export function createRequestHandler(targets: DispatchTargets) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!targets.hostPolicy.allows(req.headers.host)) {
      return sendText(res, 421, 'Misdirected Request: this Hangar does not answer to that Host name (add it with --allow-host)');
    }
    const pathname = pathOf(req.url);
    if (targets.auth.routes(req, res, pathname)) return;
    const check = targets.auth.gate.check(req);
    if (!check.ok) return refuse(req, res, check, pathname);
    const done = (error: unknown) => {
      console.error(`[http] ${req.method} ${pathname} failed:`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    };
    for (const route of targets.files) {
      if (pathname.startsWith(route.prefix)) return void route.serve(req, res, pathname.slice(route.prefix.length)).catch(done);
    }
    if (targets.proxy.handleRequest(req, res)) return;
    if (pathname === '/api') return void targets.api(req, res).catch(done);
    if (!targets.ui) return sendText(res, 404, 'Not Found (this Hangar runs without its web UI)');
    applyPageSecurityHeaders(res);
    targets.ui(req, res).catch(done);
  };
}

export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}
