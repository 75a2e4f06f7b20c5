import { route } from '@/lib/http/route';

/**
 * Liveness for load balancers and container health checks: answers without touching the
 * database, so it also measures what the web server alone costs per request (`bench:api`).
 */
export const GET = route({ access: 'public' }, async () => ({ status: 'ok' as const }));
