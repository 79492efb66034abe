// Login sessions in memory: random ids (only their hashes are kept), absolute lifetime and idle expiry.
import { createHash, randomBytes } from 'node:crypto';

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 3600_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 24 * 3600_000;
const MAX_SESSIONS = 1000;

export interface SessionOptions {
  ttlMs?: number;
  idleMs?: number;
  now?: () => number;
}

interface Session {
  createdAt: number;
  lastSeen: number;
  address: string;
}

export interface SessionStore {
  readonly ttlMs: number;
  /** Starts a session; returns the id to put in the cookie. */
  create(address: string): string;
  /** True when the id names a live session (and refreshes its idle timer). */
  touch(id: string | undefined): boolean;
  revoke(id: string | undefined): void;
  revokeAll(): void;
  size(): number;
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

export function createSessionStore(options: SessionOptions = {}): SessionStore {
  const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  const expired = (s: Session, t: number) => t - s.createdAt >= ttlMs || t - s.lastSeen >= idleMs;
  function prune(): void {
    const t = now();
    for (const [key, s] of sessions) if (expired(s, t)) sessions.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  }
  return {
    ttlMs,
    create(address) {
      prune();
      const id = randomBytes(32).toString('base64url');
      const t = now();
      sessions.set(digest(id), { createdAt: t, lastSeen: t, address });
      return id;
    },
    touch(id) {
      if (!id || id.length > 200) return false;
      const key = digest(id);
      const session = sessions.get(key);
      if (!session) return false;
      const t = now();
      if (expired(session, t)) {
        sessions.delete(key);
        return false;
      }
      session.lastSeen = t;
      return true;
    },
    revoke(id) {
      if (id) sessions.delete(digest(id));
    },
    revokeAll() {
      sessions.clear();
    },
    size: () => sessions.size,
  };
}
