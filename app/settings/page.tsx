// Settings: where Hangar lives, who may reach it, the Hugging Face token, the network, tools, GPUs, the cluster and the doctor.
import type { Metadata } from 'next';
import { AccessPanel } from '@/components/settings/access-panel';
import { ClusterPanel } from '@/components/settings/cluster-panel';
import { DoctorPanel } from '@/components/settings/doctor-panel';
import { GpusPanel } from '@/components/settings/gpus-panel';
import { HfTokenPanel } from '@/components/settings/hf-token-panel';
import { NetworkPanel } from '@/components/settings/network-panel';
import { ToolsPanel } from '@/components/settings/tools-panel';
import { SystemPanel } from '@/components/system/system-panel';
import { PageTitle } from '@/components/ui/page-title';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageTitle title="Settings" subtitle="This Hangar and the machine it runs on." />
      <div className="flex flex-col gap-4">
        <SystemPanel />
        <AccessPanel />
        <HfTokenPanel />
        <NetworkPanel />
        <ToolsPanel />
        <GpusPanel />
        <ClusterPanel />
        <DoctorPanel />
      </div>
    </>
  );
}
