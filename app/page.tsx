// Library: the apps installed in this Hangar.
import { EmptyState } from '@/components/ui/empty-state';
import { PageTitle } from '@/components/ui/page-title';

export default function LibraryPage() {
  return (
    <>
      <PageTitle title="Library" subtitle="The AI tools installed on this machine." />
      <EmptyState
        title="No apps installed yet"
        body="Find a tool in Discover, or paste the git URL of a Pinokio launcher there, and Hangar installs it into its own folder."
        action={{ href: '/discover', label: 'Go to Discover' }}
      />
    </>
  );
}
