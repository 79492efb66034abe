// Login rate limiting of failed attempts (as code-server): per client, 2 a minute and 12 an hour, and in total
// across all clients, 10 a minute and 60 an hour, so many addresses do not multiply the guesses.
import { clientKey } from './client-address';

export interface RateLimiterOptions {
  /** Failures one client may make in a minute. */
  perMinute?: number;
  /** Failures one client may make in an hour. */
  perHour?: number;
  /** Failures all clients together may make in a minute. */
  totalPerMinute?: number;
  /** Failures all clients together may make in an hour. */
  totalPerHour?: number;
  now?: () => number;
}

export interface LoginRateLimiter {
  /** Seconds until this client may try again (its own budget and the total); 0 when it may try now. */
  retryAfterSec(address: string): number;
  /** Counts one failed attempt; the returned function takes it back (an attempt counted before it was checked). */
  fail(address: string): () => void;
}

const MINUTE = 60_000;
const HOUR = 3600_000;
const MAX_CLIENTS = 10_000;

/** When a list of failure times (oldest first) allows the next attempt: 0 for now. */
function allowedAt(list: number[], t: number, perMinute: number, perHour: number): number {
  let until = 0;
  const lastMinute = list.filter((time) => t - time < MINUTE);
  if (lastMinute.length >= perMinute)
    until = Math.max(until, lastMinute[lastMinute.length - perMinute]! + MINUTE);
  if (list.length >= perHour) until = Math.max(until, list[list.length - perHour]! + HOUR);
  return until;
}

function removeOne(list: number[], time: number): void {
  const at = list.lastIndexOf(time);
  if (at >= 0) list.splice(at, 1);
}

export function createLoginRateLimiter(options: RateLimiterOptions = {}): LoginRateLimiter {
  const perMinute = options.perMinute ?? 2;
  const perHour = options.perHour ?? 12;
  const totalPerMinute = options.totalPerMinute ?? 10;
  const totalPerHour = options.totalPerHour ?? 60;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  let total: number[] = [];
  function recent(client: string, t: number): number[] {
    const list = (failures.get(client) ?? []).filter((time) => t - time < HOUR);
    if (list.length === 0) failures.delete(client);
    else failures.set(client, list);
    return list;
  }
  return {
    retryAfterSec(address) {
      const t = now();
      total = total.filter((time) => t - time < HOUR);
      const until = Math.max(
        allowedAt(recent(clientKey(address), t), t, perMinute, perHour),
        allowedAt(total, t, totalPerMinute, totalPerHour),
      );
      return until === 0 ? 0 : Math.max(1, Math.ceil((until - t) / 1000));
    },
    fail(address) {
      const t = now();
      const client = clientKey(address);
      if (!failures.has(client) && failures.size >= MAX_CLIENTS) {
        for (const key of failures.keys()) if (recent(key, t).length === 0) failures.delete(key);
      }
      const list = recent(client, t);
      list.push(t);
      failures.set(client, list.slice(-Math.max(perMinute, perHour)));
      total = [...total.filter((time) => t - time < HOUR), t].slice(
        -Math.max(totalPerMinute, totalPerHour),
      );
      return () => {
        const current = failures.get(client);
        if (current !== undefined) removeOne(current, t);
        removeOne(total, t);
      };
    },
  };
}
