'use client';

import Link from 'next/link';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import { useSignOutMutation } from '@/hooks/useSignInMutation';

export function AccountMenu() {
  const session = useSessionQuery();
  const signOut = useSignOutMutation();
  if (session.isPending) return <span className="account skeleton" style={{ width: 160, height: 20 }} />;
  if (!session.data) {
    return (
      <Link className="account" href="/signin">
        Sign in
      </Link>
    );
  }
  const { email, role, demo } = session.data;
  return (
    <span className="account">
      <span className="muted">
        {demo ? 'Demo admin (localhost)' : email} · {role}
      </span>
      {!demo && (
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </button>
      )}
    </span>
  );
}
