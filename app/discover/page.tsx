// Discover: the catalog of installable tools, and install by git URL or path.
import type { Metadata } from 'next';
import { Catalog } from '@/components/discover/catalog';
import { InstallForm } from '@/components/discover/install-form';
import { RunUriForm } from '@/components/discover/run-uri-form';
import { PageTitle } from '@/components/ui/page-title';

export const metadata: Metadata = { title: 'Discover' };

export default function DiscoverPage() {
  return (
    <>
      <PageTitle
        title="Discover"
        subtitle="Tools you can install with one click, or any Pinokio launcher by git URL."
      />
      <div className="flex flex-col gap-6">
        <InstallForm />
        <Catalog />
        <RunUriForm />
      </div>
    </>
  );
}
