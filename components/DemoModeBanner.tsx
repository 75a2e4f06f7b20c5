'use client';

import Link from 'next/link';
import { useSessionQuery } from '@/hooks/useSessionQuery';

/** Says plainly that nobody signed in: anyone at this machine is the demo admin, with limits. */
export function DemoModeBanner() {
  const session = useSessionQuery();
  if (!session.data?.demo) return null;
  return (
    <aside className="demo-banner" role="note" aria-label="Demo mode">
      <strong>Demo mode.</strong> This server runs on localhost, so you are signed in automatically as a demo admin. It
      can import data, retrain and run jobs, but cannot change accounts, API keys, settings or schedules, or delete
      anything. <Link href="/signin">Sign in</Link> as a real admin for those; a server reachable from other machines
      has no demo mode.
    </aside>
  );
}
