'use client';
// Renders launcher-provided HTML after sanitising it (client side only, so server and client markup agree).
import { useEffect, useState } from 'react';
import { sanitizeHtml } from '@/lib/client/sanitize-html';
import { stripTags } from '@/lib/client/text';

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const [clean, setClean] = useState<string | null>(null);
  useEffect(() => setClean(sanitizeHtml(html)), [html]);
  if (clean === null) return <span className={className}>{stripTags(html)}</span>;
  return <span className={className} dangerouslySetInnerHTML={{ __html: clean }} />;
}
