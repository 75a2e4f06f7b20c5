'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import { useSignOutMutation } from '@/hooks/useSignInMutation';
import { LanguageSwitch } from './LanguageSwitch';

export function AccountMenu() {
  const t = useTranslations('Account');
  const session = useSessionQuery();
  const signOut = useSignOutMutation();
  if (session.isPending) return <span className="account skeleton" style={{ width: 160, height: 20 }} />;
  if (!session.data) {
    return (
      <span className="account">
        <LanguageSwitch />
        <Link href="/signin">{t('signIn')}</Link>
      </span>
    );
  }
  const { email, role, demo } = session.data;
  return (
    <span className="account">
      <LanguageSwitch />
      <span className="muted">
        {demo ? t('demoAdmin') : email} · {t('role', { role })}
      </span>
      {!demo && (
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {t('signOut')}
        </button>
      )}
    </span>
  );
}
