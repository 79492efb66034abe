// Settings: where Hangar lives and what this machine has.
import { PageTitle } from '@/components/ui/page-title';
import { SystemPanel } from '@/components/system/system-panel';

export default function SettingsPage() {
  return (
    <>
      <PageTitle title="Settings" subtitle="This Hangar and the machine it runs on." />
      <SystemPanel />
    </>
  );
}
