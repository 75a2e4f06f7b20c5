import { z } from 'zod';
import { idParam } from '@/lib/http/route';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';
import { userIdFromSegment } from './userIdSegment';

// Zod pieces the read routes share: path params and the optional run override.

/** Text that Postgres can store: its `text` type cannot hold a NUL character. */
export const storableText = z.string().refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

export const datasetParams = z.object({ id: idParam });
export const segmentParams = z.object({ id: idParam, index: z.coerce.number().int().min(0).max(10_000) });
/** `userId` as userIdSegment writes it: `~..` names the user `..` */
export const userParams = z.object({
  id: idParam,
  userId: z
    .string()
    .transform(userIdFromSegment)
    .pipe(storableText.min(1).max(MAX_ID_LENGTH))
    .describe(
      'the user id, percent-encoded; an id of one or two dots (after any tildes) takes one more tilde in front: `~..` is the user `..`',
    ),
});

/** `?runId=` reads an older succeeded run instead of the active one. */
export const runQuery = z.object({ runId: idParam.optional() });
