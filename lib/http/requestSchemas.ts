import { z } from 'zod';
import { idParam } from '@/lib/http/route';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';

// Zod pieces the read routes share: path params and the optional run override.

/** Text that Postgres can store: its `text` type cannot hold a NUL character. */
export const storableText = z.string().refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

export const datasetParams = z.object({ id: idParam });
export const segmentParams = z.object({ id: idParam, index: z.coerce.number().int().min(0).max(10_000) });
export const userParams = z.object({ id: idParam, userId: storableText.min(1).max(MAX_ID_LENGTH) });

/** `?runId=` reads an older succeeded run instead of the active one. */
export const runQuery = z.object({ runId: idParam.optional() });
