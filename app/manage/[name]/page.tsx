// One app's dashboard: /manage/<name>.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AppDashboard } from '@/components/manage/app-dashboard';

/** The app's name until its dashboard loads and names it by its title. */
export async function generateMetadata({
  params,
}: {
  params: Promise<{ name: string }>;
}): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function ManagePage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <Suspense
      fallback={<p className="text-sm text-zinc-500 dark:text-zinc-400">Loading {name}…</p>}
    >
      <AppDashboard name={name} />
    </Suspense>
  );
}
