'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useChangePasswordMutation } from '@/hooks/useChangePasswordMutation';

/** Replaces the signed-in account's password; shown instead of every screen while a one-time one is in use. */
export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations('SignIn');
  const change = useChangePasswordMutation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const mismatch = repeated.length > 0 && repeated !== newPassword;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <section className="panel" style={{ maxWidth: 460, margin: '48px auto' }} aria-labelledby="change-password">
      <h1 id="change-password">{t('newTitle')}</h1>
      <p className="muted">{t('newIntro', { email })}</p>
      <form onSubmit={submit} aria-label={t('changeForm')} style={{ display: 'grid', gap: 12 }}>
        <label>
          {t('oneTime')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            style={{ width: '100%' }}
          />
        </label>
        <label>
          {t('newPassword')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            style={{ width: '100%' }}
          />
        </label>
        <label>
          {t('again')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeated}
            onChange={(e) => setRepeated(e.target.value)}
            style={{ width: '100%' }}
          />
        </label>
        {mismatch && (
          <p role="alert" className="error">
            {t('differ')}
          </p>
        )}
        {change.error && (
          <p role="alert" className="error">
            {change.error.message}
          </p>
        )}
        <button className="primary" type="submit" disabled={change.isPending || mismatch}>
          {change.isPending ? t('saving') : t('save')}
        </button>
      </form>
    </section>
  );
}
