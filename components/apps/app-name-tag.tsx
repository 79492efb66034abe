// An app's name (its folder and its /apps/<name>/ address) under its title, where the title does not already say it:
// two installs of one launcher share a title and differ only by name.
import { titleSaysName } from '@/lib/shared/app-name';

export function AppNameTag({ name, title }: { name: string; title: string | null | undefined }) {
  if (titleSaysName(title, name)) return null;
  return (
    <p
      data-testid="app-name"
      className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400"
    >
      {name}
    </p>
  );
}
