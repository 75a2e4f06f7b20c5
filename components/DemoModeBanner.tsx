'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useSessionQuery } from '@/hooks/useSessionQuery';

/** Says plainly that nobody signed in: anyone at this machine is the demo admin, with limits. */
export function DemoModeBanner() {
  const t = useTranslations('DemoBanner');
  const session = useSessionQuery();
  if (!session.data?.demo) return null;
  return (
    <aside className="demo-banner" role="note" aria-label={t('label')}>
      {t.rich('text', {
        strong: (chunks) => <strong>{chunks}</strong>,
        link: (chunks) => <Link href="/signin">{chunks}</Link>,
      })}
    </aside>
  );
}
