// What the admission policy asks of Hangar's login: the auth gate's session and bearer checks, and the app logins.
import type { IncomingMessage } from 'node:http';
import type { AdmissionRequest, Credentials } from '../security/admission';
import type { AuthGate } from './auth-gate';
import type { AppSessions } from './app-sessions';

export function admissionCredentials(gate: AuthGate, apps: AppSessions): Credentials {
  // The gate reads only the headers and the socket's address of a request.
  const asMessage = (req: AdmissionRequest) => req as IncomingMessage;
  return {
    required: gate.required,
    check(req) {
      const check = gate.check(asMessage(req));
      if (check.ok) return { ok: true, via: check.via === 'bearer' ? 'bearer' : 'session' };
      return { ok: false, reason: check.reason, retryAfterSec: check.retryAfterSec };
    },
    hasSession: (req) => gate.passesOnSession(req),
    checkBearer(req) {
      if (req.headers.authorization === undefined) return null;
      // The bearer alone: the session cookie a port listener shares with Hangar's origin is no credential there.
      const check = gate.check(
        asMessage({ ...req, headers: { ...req.headers, cookie: undefined } }),
      );
      return check.ok
        ? { ok: true }
        : {
            ok: false,
            retryAfterSec:
              check.ok === false && check.reason === 'rate-limited'
                ? check.retryAfterSec
                : undefined,
          };
    },
    holdsAppLogin: (req, app, label) => apps.holds(req.headers.cookie, app, label),
  };
}
