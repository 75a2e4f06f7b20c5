import type { z } from 'zod';
import type { Job } from './jobTypes';

/** A job's stored payload checked against its type's schema; a payload that does not fit fails the job, naming why. */
export function parseJobPayload<S extends z.ZodType>(schema: S, job: Job): z.output<S> {
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    throw new Error(`Job ${job.id} (${job.type}) has a payload this version cannot read: ${reasons.join('; ')}`);
  }
  return parsed.data;
}
