import { enqueueJob } from '@/lib/jobs/queue';
import { requireAudience } from '../audienceRow';
import { requireDestination } from './destinationStore';

/**
 * Queues a send (or a test send) of a destination as a job; a worker runs it. For a CSV
 * destination it is a run now, outside its schedule (a test is the same run).
 */
export async function startDelivery(destinationId: number, options: { test?: boolean; createdBy: string | null }) {
  const destination = await requireDestination(destinationId);
  const audience = await requireAudience(destination.audienceId);
  if (destination.kind === 'csv') {
    const queued = await enqueueJob({
      type: 'export',
      datasetId: audience.datasetId,
      payload: { format: 'csv', destinationId },
      createdBy: options.createdBy,
    });
    return { job: queued.job, destination };
  }
  const queued = await enqueueJob({
    type: 'deliver',
    datasetId: audience.datasetId,
    payload: { destinationId, test: options.test === true },
    createdBy: options.createdBy,
    // retries are per batch inside the delivery; a second job would send the same batches again
    maxAttempts: 1,
    timeoutSec: 600,
  });
  return { job: queued.job, destination };
}
