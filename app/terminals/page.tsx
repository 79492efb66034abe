// Terminals: shell sessions on this machine, in the browser.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TerminalTabs } from '@/components/terminal/terminal-tabs';
import { PageTitle } from '@/components/ui/page-title';

export const metadata: Metadata = { title: 'Terminals' };

export default function TerminalsPage() {
  return (
    <>
      <PageTitle title="Terminals" subtitle="Shells that keep running when you close the tab." />
      <Suspense
        fallback={<p className="text-sm text-zinc-500 dark:text-zinc-400">Loading terminals…</p>}
      >
        <TerminalTabs />
      </Suspense>
    </>
  );
}
