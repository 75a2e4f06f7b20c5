import { z } from 'zod';
import { storableText } from '@/lib/http/requestSchemas';
import { idParam, pagination } from '@/lib/http/route';
import { audienceDefinition } from './audienceDefinition';

// The request shapes of the audience routes, shared with the OpenAPI description.

export const datasetQuery = z.object({ datasetId: idParam });
export const audienceParams = z.object({ id: idParam });
export const holdoutShare = z.number().min(0).max(0.5);

export const createAudienceBody = z.object({
  datasetId: z.number().int().positive(),
  name: storableText.trim().min(1).max(120),
  description: storableText.max(1000).optional(),
  definition: audienceDefinition,
  holdoutShare: holdoutShare.optional(),
  holdoutSeed: z.number().int().min(0).max(2_147_483_647).optional(),
});

export const updateAudienceBody = createAudienceBody.omit({ datasetId: true }).partial();

export const previewAudienceBody = z.object({ datasetId: z.number().int().positive(), definition: audienceDefinition });

export const lookalikeBody = z.object({
  datasetId: z.number().int().positive(),
  name: storableText.trim().min(1).max(120),
  /** the users to find others like: an audience's members, or a segment of the active run */
  seed: z.union([
    z.object({ audienceId: z.number().int().positive() }),
    z.object({ segmentIndex: z.number().int().min(0) }),
  ]),
  size: z.number().int().min(1).max(1_000_000),
});

export const membersQuery = pagination.extend({ targetedOnly: z.enum(['true', 'false']).optional() });

export const holdoutReportQuery = z.object({
  goal: storableText.min(1).max(200),
  /** a time with its offset, or a date (midnight UTC), as the report's own window shows them */
  since: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
});

export const createWebhookDestinationBody = z.object({
  kind: z.literal('webhook').optional(),
  name: storableText.trim().min(1).max(120),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character'),
  /** the HMAC key; generated when left out, and answered once */
  secret: storableText.min(16).max(200).optional(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
});

const exportSchedule = storableText
  .trim()
  .min(1)
  .max(200)
  .describe('"daily" (03:00), "weekly" (Mondays 03:00) or a five-field cron expression, in the server\'s zone');

/** A scheduled CSV export of the targeted members, written into the exports folder. */
export const createCsvDestinationBody = z.object({
  kind: z.literal('csv'),
  name: storableText.trim().min(1).max(120),
  schedule: exportSchedule,
});

/** A webhook (the default kind) or a scheduled CSV export. */
export const createDestinationBody = z.union([createCsvDestinationBody, createWebhookDestinationBody]);

export const updateDestinationBody = z
  .object({ paused: z.boolean().optional(), schedule: exportSchedule.optional() })
  .refine((body) => body.paused !== undefined || body.schedule !== undefined, 'give paused or schedule');

export const sendBody = z.object({ test: z.boolean().optional() });
