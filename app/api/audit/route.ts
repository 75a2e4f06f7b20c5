import { z } from 'zod';
import { listAuditLog } from '@/lib/audit/listAuditLog';
import { pagination, route } from '@/lib/http/route';

const query = pagination.extend({
  action: z.string().trim().min(1).max(100).optional(),
  actor: z.string().trim().min(1).max(320).optional(),
  target: z.string().trim().min(1).max(200).optional(),
});

/** Exports, retrains, imports, erasures, dataset deletions and account changes, newest first. */
export const GET = route({ access: 'admin', query }, ({ query }) => listAuditLog(query));
