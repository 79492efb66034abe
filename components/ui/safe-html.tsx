'use client';
// Renders launcher-provided HTML after sanitising it (client side only, so server and client markup agree).
import { useMemo, useSyncExternalStore } from 'react';
import { sanitizeHtml } from '@/lib/client/sanitize-html';
import { stripTags } from '@/lib/client/text';

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  // False while rendering on the server and hydrating, true after: the sanitiser needs the browser's DOM.
  const inBrowser = useSyncExternalStore(subscribeNever, browserSnapshot, serverSnapshot);
  const clean = useMemo(() => (inBrowser ? sanitizeHtml(html) : null), [inBrowser, html]);
  if (clean === null) return <span className={className}>{stripTags(html)}</span>;
  return <span className={className} dangerouslySetInnerHTML={{ __html: clean }} />;
}

const subscribeNever = () => () => {};
const browserSnapshot = () => true;
const serverSnapshot = () => false;
