'use client';
// Where the downloads panel sits at the window's bottom-left (its height and right edge), so the notify toasts can
// stand above it instead of covering it.
import { useSyncExternalStore } from 'react';

export interface DockBox {
  height: number;
  right: number;
}

const NONE: DockBox = { height: 0, right: 0 };
let box = NONE;
const listeners = new Set<() => void>();

export function setDownloadsDock(next: DockBox | null): void {
  const value = next ?? NONE;
  if (value.height === box.height && value.right === box.right) return;
  box = value;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useDownloadsDock(): DockBox {
  return useSyncExternalStore(
    subscribe,
    () => box,
    () => NONE,
  );
}
