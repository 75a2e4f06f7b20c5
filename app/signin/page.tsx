import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { accountForSession, sessionCookieName } from '@/lib/auth/sessions';
import { SignInPage } from './SignInPage';

// A signed-in account has nothing to do here: it goes to the overview. The automatic demo
// admin has no session, so it still sees the form to sign in as a real account.
export default async function Page() {
  const token = (await cookies()).get(sessionCookieName)?.value;
  const account = token ? await accountForSession(token).catch(() => null) : null;
  if (account) redirect('/');
  return <SignInPage />;
}
