'use client';
// Client-side providers: one react-query client, the socket event bridges, toasts and the downloads panel.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { DownloadsPanel } from '@/components/downloads/downloads-panel';
import { Toasts } from '@/components/ui/toasts';
import { useLiveEvents } from '@/lib/client/live-events';
import { useLiveStores } from '@/lib/client/live-stores';
import { probeAppOrigins } from '@/lib/client/origin-probe';

function LiveBridges() {
  useLiveEvents();
  useLiveStores();
  useEffect(() => void probeAppOrigins(), []);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <LiveBridges />
      {children}
      <Toasts />
      <DownloadsPanel />
    </QueryClientProvider>
  );
}
