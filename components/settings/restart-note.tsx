'use client';
// Says when a setting applies: nothing for the live ones, "at the next start" for restart-only ones, and that a
// change is still waiting for that restart.
import type { PublicSettings, SettingKey } from '@/lib/shared/config';

export function RestartNote({
  setting,
  settings,
  now,
}: {
  setting: SettingKey;
  settings: PublicSettings | undefined;
  /** What is in effect until then, e.g. "it runs in origin mode now". */
  now?: string;
}) {
  if (!settings?.appliesAfterRestart[setting]) return null;
  const pending = settings.pendingRestart.includes(setting);
  return (
    <p
      data-testid={`restart-note-${setting}`}
      className={
        pending ? 'text-amber-700 dark:text-amber-300' : 'text-zinc-500 dark:text-zinc-400'
      }
    >
      {pending
        ? `Changed: applies after Hangar restarts${now ? ` (${now})` : ''}.`
        : 'Applies at the next start of Hangar.'}
    </p>
  );
}
