// Discover: the catalog of installable tools.
import { EmptyState } from '@/components/ui/empty-state';
import { PageTitle } from '@/components/ui/page-title';

export default function DiscoverPage() {
  return (
    <>
      <PageTitle title="Discover" subtitle="Tools you can install with one click, or any Pinokio launcher by git URL." />
      <EmptyState title="The catalog is empty" body="Catalog entries live in the catalog/ folder of this Hangar." />
    </>
  );
}
