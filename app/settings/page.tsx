// Settings: where Hangar lives, who may reach it, tokens, disk use, and what this machine has.
import { SettingsPlaceholders } from '@/components/system/settings-placeholders';
import { SystemPanel } from '@/components/system/system-panel';
import { PageTitle } from '@/components/ui/page-title';

export default function SettingsPage() {
  return (
    <>
      <PageTitle title="Settings" subtitle="This Hangar and the machine it runs on." />
      <div className="flex flex-col gap-4">
        <SystemPanel />
        <SettingsPlaceholders />
      </div>
    </>
  );
}
