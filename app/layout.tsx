import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/AppNav';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Portrait',
  description: 'User profiles, segments and personas from your own behaviour data',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppNav />
          <main className="main" id="main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
