import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { NotFoundError } from '@/lib/errors/domainError';
import { type ExportFileStream, openExportFile } from '@/lib/jobs/openExportFile';

/**
 * The file a CSV destination's run wrote, for download: the file of its export job, opened (and
 * the download audited) as every export file is, so a file erased or deleted is answered as gone.
 */
export async function openDeliveryFile(caller: Caller | string, deliveryId: number): Promise<ExportFileStream> {
  const { rows } = await getPool().query<{ kind: string; status: string; job_id: number | null }>(
    'SELECT kind, status, job_id FROM deliveries WHERE id = $1',
    [deliveryId],
  );
  const delivery = rows[0];
  if (!delivery) throw new NotFoundError(`Delivery ${deliveryId} does not exist`);
  if (delivery.kind !== 'csv' || delivery.status !== 'written' || delivery.job_id === null) {
    throw new NotFoundError(
      `Delivery ${deliveryId} has no file to download: ${delivery.kind === 'csv' ? `it is ${delivery.status}` : 'it was a webhook send'}`,
    );
  }
  return openExportFile(caller, delivery.job_id);
}
