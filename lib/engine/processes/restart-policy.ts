// When and after how long a crashed process is started again.

export type RestartPolicy =
  | { mode: 'never' }
  | {
      mode: 'on-failure';
      /** Restarts allowed before giving up (default 5). */
      maxRestarts?: number;
      /** First delay; doubles on each consecutive crash (default 1000 ms). */
      backoffMs?: number;
      /** Upper bound of the delay (default 30000 ms). */
      maxBackoffMs?: number;
      /** A run longer than this resets the crash count (default 60000 ms). */
      resetAfterMs?: number;
    };

export const NEVER: RestartPolicy = { mode: 'never' };

/** Delay before the next restart, or null when the policy says stop. `attempt` counts from 0. */
export function restartDelay(
  policy: RestartPolicy,
  attempt: number,
  crashed: boolean,
): number | null {
  if (policy.mode !== 'on-failure' || !crashed) return null;
  if (attempt >= (policy.maxRestarts ?? 5)) return null;
  const base = policy.backoffMs ?? 1000;
  return Math.min(base * 2 ** attempt, policy.maxBackoffMs ?? 30_000);
}

/** Crash counter after a run of `ranMs`: long healthy runs start the count over. */
export function nextAttempt(policy: RestartPolicy, attempt: number, ranMs: number): number {
  if (policy.mode === 'on-failure' && ranMs >= (policy.resetAfterMs ?? 60_000)) return 0;
  return attempt;
}
