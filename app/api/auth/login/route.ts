import { z } from 'zod';
import { sessionCookie, wantsSecureCookies } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/signIn';
import { clientAddress } from '@/lib/http/clientAddress';
import { jsonResponse, route } from '@/lib/http/route';

const credentials = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) });

/** 401 for a wrong email or password, 429 with Retry-After after too many failures. */
export const POST = route({ access: 'public', body: credentials }, async ({ body, request }) => {
  const { account, token, expiresAt } = await signIn(body.email, body.password, clientAddress(request));
  return jsonResponse(
    { account: { email: account.email, role: account.role, mustChangePassword: account.mustChangePassword } },
    { headers: { 'set-cookie': sessionCookie(token, expiresAt, wantsSecureCookies(request)) } },
  );
});
