// Answers a request the admission policy refused, the same way at every door that has an HTTP response to write.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuse } from './auth';
import { sendJson, sendText } from './http-util';
import type { Refused } from './security/admission';
import { pathOf } from './security/admission';
import type { AppOrigins } from './app-origins';

export function answerRefusal(
  req: IncomingMessage,
  res: ServerResponse,
  refusal: Refused,
  origins: AppOrigins | null,
): void {
  switch (refusal.code) {
    case 'host':
      return sendText(res, 421, refusal.message);
    case 'origin':
      return sendText(res, 403, refusal.message);
    case 'ambiguous':
      return sendJson(res, 400, { error: { code: 'ambiguous_session', message: refusal.message } });
    case 'rate-limited':
      return refuse(
        req,
        res,
        { ok: false, reason: 'rate-limited', retryAfterSec: refusal.retryAfterSec },
        pathOf(req.url),
      );
    case 'login': {
      const to = refusal.to;
      if (to?.kind === 'app') {
        if (
          origins !== null &&
          (req.method === 'GET' || req.method === 'HEAD') &&
          (req.headers.accept ?? '').includes('text/html')
        ) {
          res.writeHead(302, {
            location: origins.loginLocation(req, to),
            'content-length': 0,
            'cache-control': 'no-store',
          });
          return void res.end();
        }
        res.setHeader('WWW-Authenticate', 'Bearer realm="Hangar"');
        return sendJson(res, 401, { error: { code: 'unauthorized', message: refusal.message } });
      }
      return refuse(req, res, { ok: false, reason: 'missing' }, pathOf(req.url));
    }
  }
}
