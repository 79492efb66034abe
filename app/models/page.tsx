// Models: every model the drive and the shared HF cache hold, the disk, and imports of folders and Pinokio homes.
import type { Metadata } from 'next';
import { AdoptPanel } from '@/components/models/adopt-panel';
import { DiskSummary } from '@/components/models/disk-summary';
import { ImportPanel } from '@/components/models/import-panel';
import { ModelList } from '@/components/models/model-list';
import { PageTitle } from '@/components/ui/page-title';

export const metadata: Metadata = { title: 'Models' };

export default function ModelsPage() {
  return (
    <>
      <PageTitle
        title="Models"
        subtitle="Every model is stored once and shared by the apps that use it."
      />
      <div className="flex flex-col gap-4">
        <DiskSummary />
        <ImportPanel />
        <AdoptPanel />
        <ModelList />
      </div>
    </>
  );
}
