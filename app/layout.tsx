import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/AppNav';
import { DemoModeBanner } from '@/components/DemoModeBanner';
import { PasswordChangeGate } from '@/components/PasswordChangeGate';
import { Providers } from './providers';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('App');
  return { title: 'Portrait', description: t('description') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so that Next.js can mark its inline scripts with the nonce of the
  // Content-Security-Policy proxy.ts sends (a page built ahead of time has no nonce).
  await connection();
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <Providers>
            <AppNav />
            <DemoModeBanner />
            <main className="main" id="main">
              <PasswordChangeGate>{children}</PasswordChangeGate>
            </main>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
