// Login sessions in memory: random ids (only their hashes are kept), absolute lifetime and idle expiry, and the
// long-lived connections tied to each, which end with it.
import { createHash, randomBytes } from 'node:crypto';

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 3600_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 24 * 3600_000;
const MAX_SESSIONS = 1000;
/** How often, while connections are tied to sessions, sessions past their lifetime are looked for. */
const DEFAULT_SWEEP_MS = 60_000;

export interface SessionOptions {
  ttlMs?: number;
  idleMs?: number;
  now?: () => number;
  sweepMs?: number;
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
  /**
   * Ties something long-lived (a Socket.IO connection, a proxied WebSocket) to a live session: `end` runs once
   * when that session ends (logout, password change, expiry). Returns the function that unties it, or null
   * when the id names no live session. An open connection is activity: a tied session does not idle out (its
   * idle time starts when the last tie goes), but it ends at its lifetime, found within `sweepMs`.
   */
  tie(id: string | undefined, end: () => void): (() => void) | null;
  size(): number;
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

export function createSessionStore(options: SessionOptions = {}): SessionStore {
  const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const sweepMs = options.sweepMs ?? DEFAULT_SWEEP_MS;
  const sessions = new Map<string, Session>();
  /** What runs when a session ends, by session key. */
  const ties = new Map<string, Set<() => void>>();
  /** Runs only while something is tied (started by the first tie, stopped when the last one goes). */
  let sweeper: NodeJS.Timeout | null = null;
  const expired = (key: string, s: Session, t: number) =>
    t - s.createdAt >= ttlMs || (!ties.has(key) && t - s.lastSeen >= idleMs);
  function untied(key: string): void {
    ties.delete(key);
    if (ties.size === 0 && sweeper !== null) {
      clearInterval(sweeper);
      sweeper = null;
    }
  }
  function end(key: string): void {
    sessions.delete(key);
    const ends = ties.get(key);
    if (ends === undefined) return;
    untied(key);
    for (const run of ends) run();
  }
  function sweep(): void {
    const t = now();
    for (const [key, s] of sessions) if (expired(key, s, t)) end(key);
  }
  function live(id: string | undefined): string | null {
    if (!id || id.length > 200) return null;
    const key = digest(id);
    const session = sessions.get(key);
    if (!session) return null;
    const t = now();
    if (expired(key, session, t)) {
      end(key);
      return null;
    }
    session.lastSeen = t;
    return key;
  }
  return {
    ttlMs,
    create(address) {
      sweep();
      // Still full: drop the oldest (Map keeps insertion order).
      while (sessions.size >= MAX_SESSIONS) end(sessions.keys().next().value as string);
      const id = randomBytes(32).toString('base64url');
      const t = now();
      sessions.set(digest(id), { createdAt: t, lastSeen: t, address });
      return id;
    },
    touch(id) {
      return live(id) !== null;
    },
    revoke(id) {
      if (id) end(digest(id));
    },
    revokeAll() {
      for (const key of sessions.keys()) end(key);
    },
    tie(id, run) {
      const key = live(id);
      if (key === null) return null;
      let ends = ties.get(key);
      if (ends === undefined) {
        ends = new Set();
        ties.set(key, ends);
      }
      sweeper ??= setInterval(sweep, sweepMs).unref();
      // Each tie is its own entry, so the same function tied twice unties separately.
      const entry = (): void => run();
      ends.add(entry);
      return () => {
        const current = ties.get(key);
        if (current === undefined || !current.delete(entry) || current.size > 0) return;
        untied(key);
        // The connection was activity until now: the idle time starts here.
        const session = sessions.get(key);
        if (session !== undefined) session.lastSeen = Math.max(session.lastSeen, now());
      };
    },
    size: () => sessions.size,
  };
}
