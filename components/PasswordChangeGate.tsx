'use client';

import type { ReactNode } from 'react';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Until a one-time password is replaced the server refuses everything else, so only the form is shown. */
export function PasswordChangeGate({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  if (session.data?.mustChangePassword) return <ChangePasswordForm email={session.data.email} />;
  return <>{children}</>;
}
