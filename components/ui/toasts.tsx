'use client';
// Notify toasts from run:notify (sanitised HTML), dismissed by the user or after a while.
import { useEffect } from 'react';
import { dismissToast, useToasts, type Toast } from '@/lib/client/live-stores';
import { SafeHtml } from './safe-html';

const TONE: Record<string, string> = {
  error: 'border-red-400 bg-red-50 dark:bg-red-950',
  success: 'border-emerald-400 bg-emerald-50 dark:bg-emerald-950',
  warning: 'border-amber-400 bg-amber-50 dark:bg-amber-950',
};

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => dismissToast(toast.key), 10_000);
    return () => clearTimeout(timer);
  }, [toast.key]);
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
        className="text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
        onClick={() => dismissToast(toast.key)}
      >
        ×
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useToasts();
  return (
    <ol
      aria-live="polite"
      className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2"
    >
      {toasts.map((toast) => (
        <ToastItem key={toast.key} toast={toast} />
      ))}
    </ol>
  );
}
