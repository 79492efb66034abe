'use client';
// Notify toasts from run:notify (sanitised HTML), dismissed by the user or after a while. Their auto-dismiss waits
// while any is hovered or focused; they stand above the downloads panel where they would cover it; and a spacer at
// the page's end as tall as their stack (the panel has its own) lets the last of the page scroll clear of them.
import { useCallback } from 'react';
import { useDownloadsDock } from '@/lib/client/downloads-dock';
import { dismissToast, useToasts, type Toast } from '@/lib/client/live-stores';
import { useElementHeight } from '@/lib/client/use-element-height';
import { useHeld } from '@/lib/client/use-held';
import { useMediaQuery } from '@/lib/client/use-media-query';
import { usePausableTimeout } from '@/lib/client/use-pausable-timeout';
import { SafeHtml } from './safe-html';

export const TOAST_MS = 10_000;
/** The stack's margin from the window's edges (Tailwind's 4), and its widest (24rem). */
const EDGE = 16;
const WIDEST = 384;
const GAP = 8;

const TONE: Record<string, string> = {
  error: 'border-red-400 bg-red-50 dark:bg-red-950',
  success: 'border-emerald-400 bg-emerald-50 dark:bg-emerald-950',
  warning: 'border-amber-400 bg-amber-50 dark:bg-amber-950',
};

function ToastItem({ toast, held }: { toast: Toast; held: boolean }) {
  const dismiss = useCallback(() => dismissToast(toast.key), [toast.key]);
  usePausableTimeout(TOAST_MS, held, dismiss);
  return (
    <li
      role="status"
      data-testid="toast"
      className={`pointer-events-auto flex items-start gap-2 rounded-md border p-3 text-sm shadow-lg ${TONE[toast.type ?? ''] ?? 'border-sky-400 bg-white dark:bg-zinc-900'}`}
    >
      <div className="min-w-0 flex-1 break-words [&_a]:text-sky-700 [&_a]:underline dark:[&_a]:text-sky-400">
        <SafeHtml html={toast.html ?? ''} />
        {toast.href ? (
          <a
            href={toast.href}
            target="_blank"
            rel="noopener"
            className="ml-1 text-sky-700 underline dark:text-sky-400"
          >
            Open
          </a>
        ) : null}
      </div>
      <button
        type="button"
        aria-label="Dismiss"
        className="text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100"
        onClick={dismiss}
      >
        ×
      </button>
    </li>
  );
}

/**
 * How far the stack rises to stand above the downloads panel at the window's left, where it would reach over it: always
 * below `sm`, where the stack is the window's width, and wider only while the panel (open) is wide enough to meet it.
 */
function useOverDock(): number {
  const dock = useDownloadsDock();
  // The stack's left edge is the window's width less EDGE + WIDEST (at least EDGE): it meets the panel while the
  // window is narrower than the panel's right edge, the gap between them, and the stack's width with its margin.
  const meets = useMediaQuery(`(width < ${Math.ceil(dock.right + GAP + WIDEST + EDGE)}px)`);
  return dock.height > 0 && meets ? dock.height + GAP : 0;
}

export function Toasts() {
  const toasts = useToasts();
  const [ref, height, element] = useElementHeight<HTMLOListElement>();
  const held = useHeld(element);
  const lift = useOverDock();
  return (
    <>
      <div
        aria-hidden
        data-testid="toasts-spacer"
        style={{ height: toasts.length > 0 ? height + EDGE + GAP : 0 }}
      />
      <ol
        ref={ref}
        aria-live="polite"
        data-testid="toasts"
        data-held={held ? 'true' : undefined}
        style={{ bottom: EDGE + lift }}
        className="pointer-events-none fixed right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.key} toast={toast} held={held} />
        ))}
      </ol>
    </>
  );
}
