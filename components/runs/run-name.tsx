// A run's name where people read it: the launcher menu's words for its script, with its file beside them.
import type { MenuItem } from '@/lib/shared/menu';
import { runTitle } from '@/lib/shared/run-title';
import { scriptName } from '@/lib/client/text';

/** "Ask a question ask.json": the menu's words, and the file in small type (the file alone when there are none). */
export function RunName({ script, menu }: { script: string; menu: MenuItem[] }) {
  const title = runTitle(script, menu);
  const file = scriptName(script);
  return (
    <span className="min-w-0 truncate">
      {title ?? file}
      {title ? (
        <>
          {' '}
          <span className="ml-1 font-mono text-xs font-normal text-zinc-500 dark:text-zinc-400">
            {file}
          </span>
        </>
      ) : null}
    </span>
  );
}
