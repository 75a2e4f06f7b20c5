'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { useIsAdmin } from '@/hooks/useIsAdmin';
import { AccountMenu } from './AccountMenu';
import { withDataset } from './datasetHref';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/segments', label: 'Segments' },
  { href: '/audiences', label: 'Audiences' },
  { href: '/users', label: 'User lookup' },
  { href: '/quality', label: 'Model quality' },
  { href: '/import', label: 'Import', adminOnly: true },
  { href: '/admin', label: 'Admin', adminOnly: true },
];

function NavLinks({ dataset }: { dataset: string | null }) {
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
                {link.label}
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
  return (
    <header className="nav">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Portrait
      </Link>
      <nav aria-label="Main">
        <Suspense fallback={<NavLinks dataset={null} />}>
          <NavLinksWithDataset />
        </Suspense>
      </nav>
      <AccountMenu />
    </header>
  );
}
