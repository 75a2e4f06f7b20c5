import { clearedSessionCookie, deleteSession, sessionCookieName } from '@/lib/auth/sessions';
import { readCookie } from '@/lib/http/readCookie';
import { jsonResponse, route } from '@/lib/http/route';

export const POST = route({ access: 'public' }, async ({ request }) => {
  const token = readCookie(request, sessionCookieName);
  if (token) await deleteSession(token);
  return jsonResponse({ ok: true }, { headers: { 'set-cookie': clearedSessionCookie() } });
});
