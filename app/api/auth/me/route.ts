import { ApiError } from '@/lib/http/apiError';
import { route } from '@/lib/http/route';

export const GET = route({ access: 'public' }, async ({ caller }) => {
  if (caller?.kind !== 'account') throw new ApiError('unauthorized', 'Not signed in');
  return {
    email: caller.email,
    role: caller.role,
    demo: caller.demo ?? false,
    mustChangePassword: caller.mustChangePassword ?? false,
    locale: caller.locale ?? null,
  };
});
