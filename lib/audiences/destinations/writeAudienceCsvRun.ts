import path from 'node:path';
import { getPool } from '@/lib/db/connection';
import { exportsFolder } from '@/lib/export/exportsFolder';
import { writeExportFile } from '@/lib/export/writeExportFile';
import { exportAudienceCsv } from '../exportAudienceCsv';
import { requireDestination } from './destinationStore';

export interface CsvRunResult {
  deliveryId: number;
  path: string;
  fileName: string;
  format: 'csv';
  rows: number;
  bytes: number;
}

/**
 * One run of a CSV destination, inside its export job: the audience's targeted members, with the
 * columns and formula guard of the download (exportAudienceCsv), written into the exports folder
 * as `<job id>-<file name>`, and a row in the destination's log saying when, how many and which
 * file. A run that fails leaves a failed row with the reason.
 */
export async function writeAudienceCsvRun(
  destinationId: number,
  job: { id: number; createdBy: string | null },
  onPage: () => void = () => {},
): Promise<CsvRunResult> {
  const destination = await requireDestination(destinationId);
  if (destination.kind !== 'csv') throw new Error(`Destination ${destinationId} is not a CSV export`);
  const pool = getPool();
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO deliveries (destination_id, kind, status, job_id) VALUES ($1, 'csv', 'writing', $2) RETURNING id`,
    [destinationId, job.id],
  );
  const deliveryId = rows[0].id;
  try {
    const file = await exportAudienceCsv(destination.audienceId, job.createdBy ?? `job:${job.id}`);
    const fileName = file.fileName.replace(/\.csv$/, `-${new Date().toISOString().slice(0, 10)}.csv`);
    const target = path.join(exportsFolder(), `${job.id}-${fileName}`);
    async function* paged() {
      for await (const chunk of file.chunks) {
        onPage();
        yield chunk;
      }
    }
    const bytes = await writeExportFile(target, paged());
    const written = file.written();
    await pool.query(
      `UPDATE deliveries SET status = 'written', rows = $2, file_name = $3, finished_at = now(),
         log = array_append(log, $4) WHERE id = $1`,
      [deliveryId, written, fileName, `Wrote ${written} members (${bytes} bytes)`],
    );
    return { deliveryId, path: target, fileName, format: 'csv', rows: written, bytes };
  } catch (error) {
    await pool.query(`UPDATE deliveries SET status = 'failed', last_error = $2, finished_at = now() WHERE id = $1`, [
      deliveryId,
      (error as Error).message.slice(0, 2000),
    ]);
    throw error;
  }
}
