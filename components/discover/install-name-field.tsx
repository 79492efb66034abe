'use client';
// The name an app installs under: a suggestion from the source until the user types one, checked as they type with
// the engine's own rule, and the engine's "already exists" shown right here so another name can be picked.
import Link from 'next/link';
import { appNameProblem } from '@/lib/shared/app-name';

export function InstallNameField({
  value,
  onChange,
  taken,
  existing = null,
  numberedFrom = null,
}: {
  value: string;
  onChange: (name: string) => void;
  /** The engine's conflict message when the name is already used, or null. */
  taken: string | null;
  /** The installed app that holds the name, linked so the user can go to it instead. */
  existing?: string | null;
  /** The name the suggestion was numbered from, because another app has it ("hello-app" for "hello-app-2"). */
  numberedFrom?: string | null;
}) {
  const problem = taken ?? (value === '' ? null : appNameProblem(value));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="install-name" className="text-sm font-semibold">
        Name
      </label>
      <input
        id="install-name"
        name="name"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="my-app"
        aria-invalid={problem ? true : undefined}
        aria-describedby="install-name-help"
        className={`min-w-0 rounded-md border bg-white px-3 py-1.5 font-mono text-sm dark:bg-zinc-950 ${
          problem ? 'border-red-500 dark:border-red-500' : 'border-zinc-300 dark:border-zinc-700'
        }`}
        autoComplete="off"
        spellCheck={false}
      />
      <p
        id="install-name-help"
        data-testid="install-name-help"
        className={`text-xs ${problem ? 'text-red-600 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}
      >
        {problem ??
          (numberedFrom ? (
            <>
              <Link href={`/manage/${numberedFrom}`} className="font-medium underline">
                {numberedFrom}
              </Link>{' '}
              is another app&apos;s name, so this one is numbered. It names the app&apos;s folder
              and its address, /apps/{value}/.
            </>
          ) : (
            'It names the app’s folder and its address, /apps/<name>/: lowercase letters, digits, ".", "_" or "-".'
          ))}
        {taken && existing ? (
          <>
            {' '}
            <Link href={`/manage/${existing}`} className="font-medium underline">
              Open {existing}
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Whether the form may be sent with this name. */
export function nameUsable(name: string): boolean {
  return appNameProblem(name) === null;
}
