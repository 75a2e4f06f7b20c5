'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/segments', label: 'Segments' },
  { href: '/users', label: 'User lookup' },
  { href: '/quality', label: 'Model quality' },
  { href: '/import', label: 'Import' },
  { href: '/admin', label: 'Admin' },
];

export function AppNav() {
  const pathname = usePathname();
  return (
    <header className="nav">
      <Link href="/" className="brand">
        Portrait
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map((link) => {
            const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
            return (
              <li key={link.href}>
                <Link href={link.href} aria-current={active ? 'page' : undefined}>
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}
