import { z } from 'zod';
import { resetAccountPassword } from '@/lib/auth/manageAccounts';
import { idParam, route } from '@/lib/http/route';

/** A new generated password, in this answer only; the account is signed out everywhere. */
export const POST = route({ access: 'admin', params: z.object({ id: idParam }) }, ({ caller, params }) =>
  resetAccountPassword(caller, params.id),
);
