'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useSignInMutation } from '@/hooks/useSignInMutation';

export function SignInPage() {
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
      <h1>Sign in to Portrait</h1>
      <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
        <label>
          Email
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
          Password
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
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">
          The first admin’s one-time password is printed by <code>npm start</code>; more admins come from{' '}
          <code>npx portrait create-admin --email you@example.com</code>.
        </p>
      </form>
    </section>
  );
}
