// Builds the auth gate for a server start: audit log, password hash store, HANGAR_PASSWORD/HANGAR_TOKEN, the login token.
import { randomBytes } from 'node:crypto';
import {
  auditLogFile,
  authFiles,
  createAuditLog,
  createPasswordStore,
  type AuditLog,
  type Engine,
} from '../../lib/engine';
import type { ServerConfig } from '../config';
import { isLoopbackName } from '../security/host-check';
import { createAuthGate, type AuthGate, type AuthGateOptions } from './auth-gate';
import { LOGIN_PATH } from './login-page';

export interface AuthSetup {
  gate: AuthGate;
  audit: AuditLog;
  /** The login/bearer token in force. */
  token: string;
  /** True when the token came from HANGAR_TOKEN (so it is not printed). */
  tokenFromEnv: boolean;
  /** The URL that logs a browser in, for the start banner. */
  loginUrl(baseUrl: string): string;
}

/** Bound beyond loopback (or asked with --auth): every client must log in, loopback ones included. */
export function authRequired(config: Pick<ServerConfig, 'host' | 'auth'>): boolean {
  return config.auth || !isLoopbackName(config.host.replace(/^\[|\]$/g, ''));
}

export async function setupAuth(
  config: ServerConfig,
  engine: Engine,
  options: Pick<AuthGateOptions, 'sessions' | 'rateLimit'> & { secure: boolean },
): Promise<AuthSetup> {
  const audit = createAuditLog(auditLogFile(engine.layout.logs));
  const passwords = createPasswordStore(authFiles(engine.layout.root));
  const tokenFromEnv = Boolean(config.token);
  const token = config.token ?? randomBytes(32).toString('base64url');
  audit.addSecret(token);
  if (config.password) {
    audit.addSecret(config.password);
    if (!(await passwords.verify(config.password))) {
      await passwords.set(config.password);
      audit.record({ event: 'settings.password', source: 'HANGAR_PASSWORD' });
    }
  }
  const required = authRequired(config);
  const gate = createAuthGate({
    required,
    token,
    passwords,
    audit,
    secure: options.secure,
    sessions: options.sessions,
    rateLimit: options.rateLimit,
    trustedProxies: config.trustedProxies,
  });
  audit.record({
    event: 'server.start',
    host: config.host,
    port: config.port,
    authRequired: required,
    https: options.secure,
  });
  return {
    gate,
    audit,
    token,
    tokenFromEnv,
    loginUrl: (base) =>
      tokenFromEnv ? `${base}${LOGIN_PATH}` : `${base}${LOGIN_PATH}?token=${token}`,
  };
}
