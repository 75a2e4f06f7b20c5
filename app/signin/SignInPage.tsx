'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useSignInMutation } from '@/hooks/useSignInMutation';

export function SignInPage() {
  const t = useTranslations('SignIn');
  const router = useRouter();
  const signIn = useSignInMutation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => router.push('/') });
  }

  return (
    <section className="panel" style={{ maxWidth: 420, margin: '48px auto' }}>
      <h1>{t('title')}</h1>
      <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
        <label>
          {t('email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            style={{ width: '100%' }}
          />
        </label>
        <label>
          {t('password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            style={{ width: '100%' }}
          />
        </label>
        {signIn.error && (
          <p role="alert" className="error">
            {signIn.error.message}
          </p>
        )}
        <button className="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? t('signingIn') : t('signIn')}
        </button>
        <p className="muted">{t.rich('hint', { code: (chunks) => <code>{chunks}</code> })}</p>
      </form>
    </section>
  );
}
