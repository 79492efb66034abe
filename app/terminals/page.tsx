// Terminals: shell sessions on this machine, in the browser.
import { EmptyState } from '@/components/ui/empty-state';
import { PageTitle } from '@/components/ui/page-title';

export default function TerminalsPage() {
  return (
    <>
      <PageTitle title="Terminals" subtitle="Shells that keep running when you close the tab." />
      <EmptyState title="No terminal open" body="Open a terminal from an app's dashboard to work in its folder with its environment." action={{ href: '/', label: 'Open the Library' }} />
    </>
  );
}
