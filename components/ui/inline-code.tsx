// Text whose `backticked` words are code (tool descriptions are written that way for the CLI as well): the words
// show in a code face, never as literal backticks; a bare https:// address becomes a link.
import type { ReactNode } from 'react';

const PART = /(`[^`]+`|https:\/\/[^\s)]+[^\s).,;])/;

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
          target="_blank"
          rel="noreferrer"
          className="break-all text-sky-700 underline dark:text-sky-400"
        >
          {part}
        </a>
      );
    return part;
  });
  return <>{parts}</>;
}
