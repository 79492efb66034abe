'use client';
// The overlay a run's dialogs (modal, htmlmodal) appear in, and the pieces they share: the link check, link
// buttons and the error line.
import type { ReactNode } from 'react';
import { buttonClass } from '../ui/button-styles';

export function DialogFrame({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  /** Shows a close button when given. */
  onClose?: () => void;
  children: ReactNode;
}) {
  const headingId = `${testId}-title`;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/60 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        data-testid={testId}
        className="flex max-h-[90vh] w-full max-w-xl flex-col gap-3 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-start gap-2">
          <h2 id={headingId} className="flex-1 text-base font-semibold">
            {title}
          </h2>
          {onClose ? (
            <button
              type="button"
              aria-label="Close dialog"
              className="rounded px-2 text-lg leading-none text-zinc-500 dark:text-zinc-400 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              onClick={onClose}
            >
              ×
            </button>
          ) : null}
        </div>
        {children}
      </div>
    </div>
  );
}

/** A launcher's link target, only when it is a web address (never `javascript:` and the like). */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string' || href === '') return null;
  try {
    const url = new URL(href, window.location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A launcher's link as a button that opens in a new tab; `href` must have passed `safeHref`. */
export function LinkButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={buttonClass.secondary}>
      {children}
    </a>
  );
}

/** Why the dialog's answer did not reach the script, when it did not. */
export function DialogError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : null;
}
