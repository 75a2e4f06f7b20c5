'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Suspense } from 'react';
import { useIsAdmin } from '@/hooks/useIsAdmin';
import { AccountMenu } from './AccountMenu';
import { withDataset } from './datasetHref';

const links: {
  href: string;
  label: 'overview' | 'segments' | 'audiences' | 'users' | 'quality' | 'import' | 'admin';
  adminOnly?: boolean;
}[] = [
  { href: '/', label: 'overview' },
  { href: '/segments', label: 'segments' },
  { href: '/audiences', label: 'audiences' },
  { href: '/users', label: 'users' },
  { href: '/quality', label: 'quality' },
  { href: '/import', label: 'import', adminOnly: true },
  { href: '/admin', label: 'admin', adminOnly: true },
];

function NavLinks({ dataset }: { dataset: string | null }) {
  const t = useTranslations('Nav');
  const pathname = usePathname();
  // The server refuses these screens' requests to other roles anyway; the links would only lead to refusals.
  const isAdmin = useIsAdmin();
  return (
    <ul>
      {links
        .filter((link) => isAdmin || !link.adminOnly)
        .map((link) => {
          const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link href={withDataset(link.href, dataset)} aria-current={active ? 'page' : undefined}>
                {t(link.label)}
              </Link>
            </li>
          );
        })}
    </ul>
  );
}

/** Links keep the chosen `?dataset=`, so moving between screens stays on one dataset. */
function NavLinksWithDataset() {
  return <NavLinks dataset={useSearchParams().get('dataset')} />;
}

export function AppNav() {
  const t = useTranslations('Nav');
  return (
    <header className="nav">
      <a href="#main" className="skip-link">
        {t('skip')}
      </a>
      <Link href="/" className="brand">
        Portrait
      </Link>
      <nav aria-label={t('main')}>
        <Suspense fallback={<NavLinks dataset={null} />}>
          <NavLinksWithDataset />
        </Suspense>
      </nav>
      <AccountMenu />
    </header>
  );
}
