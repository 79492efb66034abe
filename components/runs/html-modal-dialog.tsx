'use client';
// A launcher's `htmlmodal` dialog. Its HTML runs in a sandboxed frame (no scripts, an opaque origin), never on Hangar's.
import { useState } from 'react';
import type { HtmlModal, RunInputEvent } from '@/lib/shared/events';
import { rpc } from '@/lib/client/rpc';
import { buttonClass } from '../ui/button-styles';
import { SafeHtml } from '../ui/safe-html';
import { DialogError, DialogFrame, LinkButton, safeHref } from './dialog-frame';

interface Action {
  id?: string;
  label?: string;
  type?: string;
  href?: string;
  primary?: boolean;
  disabled?: boolean;
  payload?: unknown;
}

/**
 * The frame's document. The sandbox attribute (without allow-scripts and allow-same-origin) is what keeps
 * launcher code off Hangar's origin; the policy below also stops it loading anything but images and styles.
 */
export function frameDocument(html: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'">`,
    '<base target="_blank">',
    // The launcher's page follows Hangar's colour scheme, so a dark Hangar shows no white box.
    '<meta name="color-scheme" content="light dark">',
    '<style>body{margin:0;padding:4px;font:14px/1.5 system-ui,sans-serif;color:#18181b;background:#fff}',
    '@media (prefers-color-scheme: dark){body{color:#e4e4e7;background:#18181b}a{color:#7dd3fc}}</style>',
    `</head><body>${html}</body></html>`,
  ].join('');
}

function actionsOf(list: unknown[] | undefined): Action[] {
  return (list ?? []).filter((a): a is Action => !!a && typeof a === 'object');
}

export function HtmlModalDialog({
  runId,
  modal,
  awaiting,
}: {
  runId: string;
  modal: HtmlModal;
  /** The step's pending wait when it has `await`: then the actions answer it. */
  awaiting: RunInputEvent | null;
}) {
  const version = JSON.stringify(modal);
  const [hidden, setHidden] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (hidden === version) return null;
  const answer = (response: { action: string; payload: unknown }) =>
    rpc('runs.respond', { runId, response }).catch((e: Error) => setError(e.message));
  // As Pinokio's dialog: a submit opens its href and answers; a button answers, or opens its href when nothing waits.
  const onAction = (action: Action) => {
    const href = safeHref(action.href);
    if (action.type === 'submit' && href) window.open(href, '_blank', 'noopener');
    const answers = awaiting && (action.type === 'submit' || action.type === 'button');
    if (answers)
      void answer({ action: action.id ?? action.type!, payload: action.payload ?? null });
    else if (action.type === 'button' && href) window.open(href, '_blank', 'noopener');
  };
  const close =
    modal.dismissible === false
      ? undefined
      : () => {
          if (awaiting) void answer({ action: 'dismissed', payload: null });
          setHidden(version);
        };
  return (
    <DialogFrame
      title={modal.title || 'Message from the script'}
      testId="run-htmlmodal"
      onClose={close}
    >
      {modal.html ? (
        <iframe
          title={modal.title || 'Launcher dialog'}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={frameDocument(modal.html)}
          className="h-56 w-full resize-y rounded border border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900"
        />
      ) : null}
      {modal.status && (modal.status.text || modal.status.waiting) ? (
        <div
          data-testid="htmlmodal-status"
          className={`flex items-center gap-2 text-sm ${modal.status.variant === 'error' ? 'text-red-600 dark:text-red-400' : modal.status.variant === 'success' ? 'text-emerald-600 dark:text-emerald-400' : 'text-zinc-500 dark:text-zinc-400'}`}
        >
          {modal.status.waiting ? (
            <span
              aria-hidden
              className="h-4 w-4 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-500"
            />
          ) : null}
          {modal.status.text ? <SafeHtml html={modal.status.text} /> : null}
        </div>
      ) : null}
      <DialogError error={error} />
      <div className="flex flex-wrap justify-end gap-2">
        {actionsOf(modal.actions).map((action, i) => {
          const label = action.label ?? action.id ?? (action.type === 'link' ? 'Open' : 'Action');
          const href = safeHref(action.href);
          if (action.type === 'link')
            return href ? (
              <LinkButton key={i} href={href}>
                {label}
              </LinkButton>
            ) : null;
          return (
            <button
              key={i}
              type="button"
              disabled={action.disabled === true}
              className={action.primary ? buttonClass.primary : buttonClass.secondary}
              onClick={() => onAction(action)}
            >
              {label}
            </button>
          );
        })}
      </div>
    </DialogFrame>
  );
}
