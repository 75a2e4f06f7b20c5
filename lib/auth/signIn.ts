import { ApiError } from '@/lib/http/apiError';
import { authenticate } from './accounts';
import { createSession } from './sessions';

export async function signIn(email: string, password: string) {
  const account = await authenticate(email, password);
  if (!account) throw new ApiError('unauthorized', 'Wrong email or password');
  const session = await createSession(account.id);
  return { account, ...session };
}
