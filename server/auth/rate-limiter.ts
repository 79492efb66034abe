// Login rate limiting per client address (failed attempts only, as code-server): 2 a minute and 12 an hour.
export interface RateLimiterOptions {
  perMinute?: number;
  perHour?: number;
  now?: () => number;
}

export interface LoginRateLimiter {
  /** Seconds until this client may try again; 0 when it may try now. */
  retryAfterSec(client: string): number;
  /** Counts one failed attempt. */
  fail(client: string): void;
}

const MINUTE = 60_000;
const HOUR = 3600_000;
const MAX_CLIENTS = 10_000;

export function createLoginRateLimiter(options: RateLimiterOptions = {}): LoginRateLimiter {
  const perMinute = options.perMinute ?? 2;
  const perHour = options.perHour ?? 12;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  function recent(client: string, t: number): number[] {
    const list = (failures.get(client) ?? []).filter((time) => t - time < HOUR);
    if (list.length === 0) failures.delete(client);
    else failures.set(client, list);
    return list;
  }
  return {
    retryAfterSec(client) {
      const t = now();
      const list = recent(client, t);
      let until = 0;
      const lastMinute = list.filter((time) => t - time < MINUTE);
      if (lastMinute.length >= perMinute) until = Math.max(until, lastMinute[lastMinute.length - perMinute] + MINUTE);
      if (list.length >= perHour) until = Math.max(until, list[list.length - perHour] + HOUR);
      return until === 0 ? 0 : Math.max(1, Math.ceil((until - t) / 1000));
    },
    fail(client) {
      const t = now();
      if (!failures.has(client) && failures.size >= MAX_CLIENTS) {
        for (const key of failures.keys()) if (recent(key, t).length === 0) failures.delete(key);
      }
      const list = recent(client, t);
      list.push(t);
      failures.set(client, list.slice(-Math.max(perMinute, perHour)));
    },
  };
}
