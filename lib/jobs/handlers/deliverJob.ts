import { sendToDestination } from '@/lib/audiences/destinations/sendToDestination';
import type { JobHandler } from '../jobHandler';
import { deliverPayloadSchema } from '../jobTypes';
import { parseJobPayload } from '../parseJobPayload';

/**
 * Sends an audience to a destination (payload: destinationId, test). The retries with backoff and
 * the dead letter are the delivery's own, per batch; the job fails when the delivery is dead.
 */
export const deliverJob: JobHandler = async (job, context) => {
  const payload = parseJobPayload(deliverPayloadSchema, job, 'deliver');
  context.progress('sending', 0);
  const result = await sendToDestination(payload.destinationId, { test: payload.test, jobId: job.id });
  context.log(
    `Delivery ${result.deliveryId} (${result.kind}): ${result.status}, ${result.batches} batches, ${result.entered} entered, ${result.left} left, ${result.attempts} requests`,
  );
  if (result.status === 'dead') throw new Error(`Delivery ${result.deliveryId} was dead-lettered after its last retry`);
  return result;
};
