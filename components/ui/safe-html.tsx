'use client';
// Renders launcher-provided HTML after sanitising it (client side only, so server and client markup agree). An image
// that does not load gives way to its alt text (or to nothing), not a broken-image icon.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { sanitizeHtml } from '@/lib/client/sanitize-html';
import { stripTags } from '@/lib/client/text';

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  // False while rendering on the server and hydrating, true after: the sanitiser needs the browser's DOM.
  const inBrowser = useSyncExternalStore(subscribeNever, browserSnapshot, serverSnapshot);
  const clean = useMemo(() => (inBrowser ? sanitizeHtml(html) : null), [inBrowser, html]);
  const watchImages = useCallback((span: HTMLSpanElement | null) => {
    if (!span) return;
    // `error` does not bubble: it is caught on its way down. An image that failed before this ran fails to decode
    // (an SVG without a size has no width either, but decodes).
    const onError = (event: Event) => {
      if (event.target instanceof HTMLImageElement) replaceBroken(event.target);
    };
    span.addEventListener('error', onError, true);
    for (const img of span.querySelectorAll('img'))
      if (img.complete && img.naturalWidth === 0) img.decode().catch(() => replaceBroken(img));
    return () => span.removeEventListener('error', onError, true);
  }, []);
  if (clean === null) return <span className={className}>{stripTags(html)}</span>;
  return (
    <span ref={watchImages} className={className} dangerouslySetInnerHTML={{ __html: clean }} />
  );
}

function replaceBroken(img: HTMLImageElement): void {
  const alt = img.getAttribute('alt');
  img.replaceWith(alt ? `[${alt}]` : '');
}

const subscribeNever = () => () => {};
const browserSnapshot = () => true;
const serverSnapshot = () => false;
