import { z } from 'zod';
import { updateAccount } from '@/lib/auth/manageAccounts';
import { roles } from '@/lib/auth/roles';
import { idParam, route } from '@/lib/http/route';

const change = z
  .object({ role: z.enum(roles).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((value) => value.role !== undefined || value.disabled !== undefined, 'send role or disabled');

/** Change an account's role, or disable / re-enable it. */
export const PATCH = route(
  { access: 'admin', params: z.object({ id: idParam }), body: change },
  async ({ caller, params, body }) => ({ account: await updateAccount(caller, params.id, body) }),
);
