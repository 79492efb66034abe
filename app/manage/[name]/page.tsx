// One app's dashboard: /manage/<name>.
import { Suspense } from 'react';
import { AppDashboard } from '@/components/manage/app-dashboard';

export default async function ManagePage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <Suspense fallback={<p className="text-sm text-zinc-500">Loading {name}…</p>}>
      <AppDashboard name={name} />
    </Suspense>
  );
}
