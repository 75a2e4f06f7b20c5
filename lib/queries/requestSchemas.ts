import { z } from 'zod';
import { idParam } from '@/lib/http/route';

// Zod pieces the read routes share: path params and the optional run override.

export const datasetParams = z.object({ id: idParam });
export const segmentParams = z.object({ id: idParam, index: z.coerce.number().int().min(0) });
export const userParams = z.object({ id: idParam, userId: z.string().min(1).max(512) });

/** `?runId=` reads an older succeeded run instead of the active one. */
export const runQuery = z.object({ runId: idParam.optional() });
