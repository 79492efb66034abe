'use client';
// Top navigation between Hangar's pages; highlights the current one. One line at any width (it scrolls sideways
// rather than wrapping when a narrow screen cannot hold it).
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { PAGES } from '@/lib/shared/pages';

export function Nav() {
  const pathname = usePathname();
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl items-center gap-1 overflow-x-auto whitespace-nowrap px-3 py-2 sm:px-4"
      >
        <Link
          href="/"
          className="mr-0.5 flex shrink-0 items-center gap-2 text-lg font-semibold tracking-tight sm:mr-4"
        >
          <img src="/icon.svg" alt="" width={24} height={24} className="h-6 w-6" />
          <span className="sr-only sm:not-sr-only">Hangar</span>
        </Link>
        {PAGES.map((link) => {
          const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <Link
              key={link.href}
              href={link.href}
              aria-current={active ? 'page' : undefined}
              className={`shrink-0 rounded-md px-1.5 py-1.5 text-[13px] sm:px-3 sm:text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
                active
                  ? 'bg-zinc-200 dark:bg-zinc-800'
                  : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
              }`}
            >
              {link.label}
            </Link>
          );
        })}
      </nav>
    </header>
  );
}
