// A titled card for one Settings section, with its heading wired to aria-labelledby.
import type { ReactNode } from 'react';
import { cardClass } from '../ui/button-styles';

export function SettingsSection({
  id,
  title,
  description,
  actions,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`settings-${id}`}
      data-testid={`settings-${id}`}
      className={`${cardClass} flex flex-col gap-3`}
    >
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-[1_1_16rem]">
          <h2 id={`settings-${id}`} className="font-semibold">
            {title}
          </h2>
          {description ? (
            <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
          ) : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

export const inputClass =
  'min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';
