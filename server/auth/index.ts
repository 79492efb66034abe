// The auth domain's door: the gate, its routes and the session cookie name.
export {
  createAuthGate,
  userAgentOf,
  type AuthGate,
  type AuthCheck,
  type AuthGateOptions,
  type LoginOutcome,
} from './auth-gate';
export { createAuthRoutes, changePassword, refuse, AUTH_PATHS } from './auth-routes';
export {
  SESSION_COOKIE,
  isHangarCookieName,
  readCookie,
  readCookies,
  sessionCookieName,
} from './cookies';
export { clientAddress, clientKey } from './client-address';
export { LOGIN_PATH, LOGOUT_PATH, PASSWORD_PATH, safeNext } from './login-page';
export { createSessionStore, type SessionStore } from './sessions';
export {
  createLoginRateLimiter,
  type LoginRateLimiter,
  type RateLimiterOptions,
} from './rate-limiter';
export { setupAuth, type AuthSetup } from './setup';
export { createAppSessions, type AppSessions } from './app-sessions';
export { admissionCredentials } from './admission-credentials';
