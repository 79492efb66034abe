// Text whose `backticked` words are code (tool descriptions are written that way for the CLI as well): the words
// show in a code face, never as literal backticks; a bare https:// address becomes a link named by its site.
import type { ReactNode } from 'react';

const PART = /(`[^`]+`|https:\/\/[^\s)]+[^\s).,;])/;

/** A link's words: its site, without "www." (the full address is its title and target). */
function linkLabel(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function InlineCode({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(PART).map((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return (
        <code key={i} className="rounded bg-zinc-100 px-1 font-mono text-[0.9em] dark:bg-zinc-800">
          {part.slice(1, -1)}
        </code>
      );
    if (part.startsWith('https://'))
      return (
        <a
          key={i}
          href={part}
          title={part}
          target="_blank"
          rel="noreferrer"
          className="text-sky-700 underline dark:text-sky-400"
        >
          {linkLabel(part)}
        </a>
      );
    return part;
  });
  return <>{parts}</>;
}
