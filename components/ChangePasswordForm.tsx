'use client';

import { type FormEvent, useState } from 'react';
import { useChangePasswordMutation } from '@/hooks/useChangePasswordMutation';

/** Replaces the signed-in account's password; shown instead of every screen while a one-time one is in use. */
export function ChangePasswordForm({ email }: { email: string }) {
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
      <h1 id="change-password">Choose a new password</h1>
      <p className="muted">
        {email} signed in with a one-time password that someone else has seen. Replace it before going on; your other
        sessions are signed out.
      </p>
      <form onSubmit={submit} aria-label="Change password" style={{ display: 'grid', gap: 12 }}>
        <label>
          One-time password
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
          New password (at least 8 characters)
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
          New password again
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
            The two new passwords differ.
          </p>
        )}
        {change.error && (
          <p role="alert" className="error">
            {change.error.message}
          </p>
        )}
        <button className="primary" type="submit" disabled={change.isPending || mismatch}>
          {change.isPending ? 'Saving…' : 'Save new password'}
        </button>
      </form>
    </section>
  );
}
