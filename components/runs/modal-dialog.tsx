'use client';
// A script's `modal` step: title, description (sanitised HTML) and link buttons; Next answers and the script goes on.
import { useState } from 'react';
import type { RunInputEvent } from '@/lib/shared/events';
import { rpc } from '@/lib/client/rpc';
import { buttonClass } from '../ui/button-styles';
import { SafeHtml } from '../ui/safe-html';
import { DialogError, DialogFrame, LinkButton, safeHref } from './dialog-frame';

interface MenuLink {
  text: string;
  href: string;
}

function linksOf(menu: unknown[] | undefined): MenuLink[] {
  return (menu ?? []).flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const { text, href } = item as { text?: unknown; href?: unknown };
    const url = safeHref(href);
    return url ? [{ text: typeof text === 'string' ? text : url, href: url }] : [];
  });
}

export function ModalDialog({ request }: { request: RunInputEvent }) {
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const links = linksOf(request.menu);
  return (
    <DialogFrame title={request.title || 'The script shows a message'} testId="run-modal">
      {request.description ? <SafeHtml html={request.description} className="text-sm" /> : null}
      {links.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {links.map((link) => (
            <LinkButton key={link.href} href={link.href}>
              {link.text}
            </LinkButton>
          ))}
        </div>
      ) : null}
      <DialogError error={error} />
      <div className="flex justify-end">
        <button
          type="button"
          className={buttonClass.primary}
          disabled={sending}
          autoFocus
          onClick={() => {
            setSending(true);
            rpc('runs.respond', { runId: request.runId, response: {} })
              .catch((e: Error) => setError(e.message))
              .finally(() => setSending(false));
          }}
        >
          Next
        </button>
      </div>
    </DialogFrame>
  );
}
