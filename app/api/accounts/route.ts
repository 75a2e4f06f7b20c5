import { z } from 'zod';
import { listAccounts } from '@/lib/auth/accounts';
import { createAccountAs } from '@/lib/auth/manageAccounts';
import { roles } from '@/lib/auth/roles';
import { jsonResponse, route } from '@/lib/http/route';

export const GET = route({ access: 'admin' }, async () => ({ accounts: await listAccounts() }));

const newAccount = z.object({
  email: z.string().trim().min(3).max(320),
  role: z.enum(roles),
  /** left out: a password is generated and shown once */
  password: z.string().min(8, 'passwords need at least 8 characters').max(1000).optional(),
});

export const POST = route({ access: 'admin', body: newAccount }, async ({ caller, body }) =>
  jsonResponse(await createAccountAs(caller, body), { status: 201 }),
);
