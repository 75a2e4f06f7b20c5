import { z } from 'zod';
import { sessionCookie } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/signIn';
import { jsonResponse, route } from '@/lib/http/route';

const credentials = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) });

export const POST = route({ access: 'public', body: credentials }, async ({ body, request }) => {
  const { account, token, expiresAt } = await signIn(body.email, body.password);
  const secure = new URL(request.url).protocol === 'https:';
  return jsonResponse(
    { account: { email: account.email, role: account.role } },
    { headers: { 'set-cookie': sessionCookie(token, expiresAt, secure) } },
  );
});
