import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/AppNav';
import { DemoModeBanner } from '@/components/DemoModeBanner';
import { PasswordChangeGate } from '@/components/PasswordChangeGate';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Portrait',
  description: 'User profiles, segments and personas from your own behaviour data',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so that Next.js can mark its inline scripts with the nonce of the
  // Content-Security-Policy proxy.ts sends (a page built ahead of time has no nonce).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppNav />
          <DemoModeBanner />
          <main className="main" id="main">
            <PasswordChangeGate>{children}</PasswordChangeGate>
          </main>
        </Providers>
      </body>
    </html>
  );
}
