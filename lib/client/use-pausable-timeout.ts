'use client';
// A timeout that stops counting while paused and resumes with the time it had left.
import { useEffect, useRef } from 'react';

/** Calls `onTimeout` once `ms` of unpaused time has passed; `onTimeout` should be stable (useCallback). */
export function usePausableTimeout(ms: number, paused: boolean, onTimeout: () => void): void {
  const left = useRef(ms);
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(onTimeout, left.current);
    return () => {
      clearTimeout(timer);
      left.current = Math.max(0, left.current - (Date.now() - started));
    };
  }, [paused, onTimeout]);
}
