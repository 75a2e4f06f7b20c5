import { z } from 'zod';
import { changeOwnPassword } from '@/lib/auth/changeOwnPassword';
import { sessionCookieName } from '@/lib/auth/sessions';
import { readCookie } from '@/lib/http/readCookie';
import { route } from '@/lib/http/route';

const body = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(1).max(1000) });

/** The signed-in account's own new password; the one route open before a one-time password is replaced. */
export const POST = route({ access: 'analyst', body, beforePasswordChange: true }, ({ caller, body, request }) =>
  changeOwnPassword(caller, body, readCookie(request, sessionCookieName)),
);
