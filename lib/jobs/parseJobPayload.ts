import type { z } from 'zod';
import type { Job } from './jobTypes';

/**
 * A job's stored payload checked against the schema of its kind ("train", "export", ...); a
 * payload that does not fit fails the job, saying why.
 */
export function parseJobPayload<S extends z.ZodType>(schema: S, job: Job, kind: string): z.output<S> {
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    throw new Error(`Bad ${kind} payload (job ${job.id}): ${reasons.join('; ')}`);
  }
  return parsed.data;
}
