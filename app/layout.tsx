// Root layout: navigation, main area and the footer with system facts.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';
import { Nav } from '@/components/layout/nav';
import { SystemFooter } from '@/components/system/system-footer';

export const metadata: Metadata = {
  // Each page names itself: "Discover — Hangar", an app's dashboard "<app> — Hangar".
  title: { default: 'Hangar', template: '%s — Hangar' },
  description: 'Install and run AI tools on your own machines.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col antialiased">
        <Providers>
          <Nav />
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">{children}</main>
          <SystemFooter />
        </Providers>
      </body>
    </html>
  );
}
