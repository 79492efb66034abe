// Shared class names for buttons and links that look like buttons. Each has a border (transparent where none shows),
// so buttons of different kinds side by side are of one height.
const base =
  'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed';

/** A filled button that cannot be pressed now: grey, its words still readable (faded blue on a dark page was not). */
const filledDisabled =
  'disabled:bg-zinc-200 disabled:text-zinc-600 disabled:hover:bg-zinc-200 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-400 dark:disabled:hover:bg-zinc-800';

export const buttonClass = {
  primary: `${base} border border-transparent bg-sky-600 text-white hover:bg-sky-700 ${filledDisabled}`,
  secondary: `${base} border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-100 disabled:text-zinc-400 disabled:hover:bg-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 dark:disabled:text-zinc-500 dark:disabled:hover:bg-zinc-900`,
  danger: `${base} border border-transparent bg-red-600 text-white hover:bg-red-700 ${filledDisabled}`,
  ghost: `${base} border border-transparent text-zinc-600 hover:bg-zinc-100 disabled:text-zinc-400 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:disabled:text-zinc-500`,
};

export const cardClass =
  'rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900';
