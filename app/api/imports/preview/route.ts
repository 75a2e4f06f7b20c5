import { z } from 'zod';
import { route } from '@/lib/http/route';
import { previewImport } from '@/lib/imports/previewImport';

const previewBody = z
  .object({
    kind: z.enum(['events', 'items', 'users']),
    fileName: z.string().trim().min(1).max(500),
    sample: z.string().max(256 * 1024, 'send at most the first 256 KiB of the file'),
    mapping: z.string().max(4000).optional(),
    dataset: z.string().trim().max(100).optional(),
  })
  .strict();

/**
 * What importing a file would do, from its first lines (admins): its columns and first rows, a
 * mapping (the one sent, the dataset's remembered one, or a guess), the rows cleaned as the
 * import would store them, and the rows it would refuse. Reads nothing from the database but
 * the remembered mapping, and writes nothing.
 */
export const POST = route({ access: 'admin', body: previewBody, demoMayCall: true }, ({ body }) => previewImport(body));
