// The one request dispatcher: asks the admission policy, then routes: an app's own origin, Hangar's auth pages,
// files, /apps/* (path mode in place, else a redirect to the app's origin), /api, Next.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppProxy } from './proxy';
import { sendText } from './http-util';
import { applyPageSecurityHeaders } from './security/page-headers';
import type { FileRoute } from './file-response';
import type { Admission } from './security/admission';
import { pathOf } from './security/admission';
import type { AppOrigins } from './app-origins';
import { answerRefusal } from './answer-refusal';
import { APP_LOGIN_PATH } from '../lib/shared/app-origin';

export interface DispatchTargets {
  admission: Admission;
  /** Hangar's auth pages (login, logout, password): true when one answered. */
  authRoutes(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  proxy: AppProxy;
  origins: AppOrigins;
  api(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Files served under a path prefix (diagnostics bundles, app icons), behind the same checks. */
  files: FileRoute[];
  /** Next.js, or null when the server runs without UI (API-only tests). */
  ui: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
}

export function createRequestHandler(targets: DispatchTargets) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const decision = targets.admission.admit(req, 'request');
    if (!decision.ok) return answerRefusal(req, res, decision, targets.origins);
    const to = decision.to;
    if (to.kind !== 'hangar') {
      if (targets.origins.serveOwnPath(req, res, to)) return;
      if (to.kind === 'app') return targets.proxy.serveOrigin(req, res, to.name);
      return sendText(res, 404, `No app of Hangar answers at this address (${to.label}).`);
    }
    const pathname = pathOf(req.url);
    if (targets.authRoutes(req, res, pathname)) return;
    const done = (error: unknown) => {
      console.error(`[http] ${req.method} ${pathname} failed:`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    };
    if (pathname === APP_LOGIN_PATH) return targets.origins.login(req, res);
    for (const route of targets.files) {
      if (pathname.startsWith(route.prefix))
        return void route.serve(req, res, pathname.slice(route.prefix.length)).catch(done);
    }
    if (targets.proxy.handleRequest(req, res)) return;
    if (pathname === '/api') return void targets.api(req, res).catch(done);
    if (!targets.ui) return sendText(res, 404, 'Not Found (this Hangar runs without its web UI)');
    applyPageSecurityHeaders(res);
    targets.ui(req, res).catch(done);
  };
}

export { pathOf };
