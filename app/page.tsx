// Library: the apps installed in this Hangar.
import type { Metadata } from 'next';
import { Library } from '@/components/apps/library';
import { PageTitle } from '@/components/ui/page-title';

export const metadata: Metadata = { title: 'Library' };

export default function LibraryPage() {
  return (
    <>
      <PageTitle title="Library" subtitle="The AI tools installed on this machine." />
      <Library />
    </>
  );
}
