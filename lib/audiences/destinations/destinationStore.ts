import { randomBytes } from 'node:crypto';
import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { BadInputError } from '@/lib/errors/domainError';
import { ApiError } from '@/lib/http/apiError';
import { nextRuns, scheduleTimeZone } from '@/lib/jobs/cronSchedule';
import { requireAudience } from '../audienceRow';
import { normaliseExportSchedule } from './exportSchedule';

export type DestinationKind = 'webhook' | 'csv';

export interface DestinationView {
  id: number;
  audienceId: number;
  kind: DestinationKind;
  name: string;
  /** webhook only */
  url: string | null;
  batchSize: number;
  /** csv only: the cron expression, the zone it is read in and when it fires next (none while paused) */
  schedule: string | null;
  timeZone: string | null;
  nextRuns: string[];
  paused: boolean;
  /** whether a delivery has gone through: the next send is then only the changes */
  started: boolean;
  createdBy: string | null;
  createdAt: string;
  lastDelivery: { id: number; status: string; kind: string; finishedAt: string | null } | null;
}

interface DestinationRow {
  id: number;
  audience_id: number;
  kind: DestinationKind;
  name: string;
  url: string | null;
  schedule: string | null;
  paused: boolean;
  batch_size: number;
  sent_up_to: string | null;
  created_by: string | null;
  created_at: Date;
  last_delivery: { id: number; status: string; kind: string; finished_at: string | null } | null;
}

const columns = `d.id, d.audience_id, d.kind, d.name, d.url, d.schedule, d.paused, d.batch_size, d.sent_up_to, d.created_by, d.created_at,
  (SELECT to_json(x) FROM (SELECT id, status, kind, finished_at FROM deliveries WHERE destination_id = d.id
     ORDER BY id DESC LIMIT 1) x) AS last_delivery`;

function viewOf(row: DestinationRow): DestinationView {
  return {
    id: row.id,
    audienceId: row.audience_id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    batchSize: row.batch_size,
    schedule: row.schedule,
    timeZone: row.schedule ? scheduleTimeZone() : null,
    nextRuns:
      row.schedule && !row.paused ? nextRuns(row.schedule, new Date(), 3).map((date) => date.toISOString()) : [],
    paused: row.paused,
    started: row.sent_up_to !== null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastDelivery: row.last_delivery
      ? {
          id: row.last_delivery.id,
          status: row.last_delivery.status,
          kind: row.last_delivery.kind,
          finishedAt: row.last_delivery.finished_at,
        }
      : null,
  };
}

/** Adds a webhook to an audience. The secret is answered once, here; later reads never show it. */
export async function createDestination(
  audienceId: number,
  input: { name: string; url: string; secret?: string; batchSize?: number },
  createdBy?: string,
): Promise<{ destination: DestinationView; secret: string }> {
  await requireAudience(audienceId);
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  const { rows } = await getPool().query<{ id: number }>(
    `INSERT INTO destinations (audience_id, name, url, secret, batch_size, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [audienceId, input.name, input.url, secret, input.batchSize ?? 500, createdBy ?? null],
  );
  // a webhook sends member ids out of Portrait: who pointed it where is for the admins to read
  await writeAudit(createdBy ?? null, 'destination.create', `audience:${audienceId}`, {
    destination: rows[0].id,
    kind: 'webhook',
    name: input.name,
    url: input.url,
  });
  return { destination: await requireDestination(rows[0].id), secret };
}

/** Adds a scheduled CSV export to an audience; a worker writes the file each time the schedule fires. */
export async function createCsvDestination(
  audienceId: number,
  input: { name: string; schedule: string },
  createdBy?: string,
): Promise<{ destination: DestinationView }> {
  await requireAudience(audienceId);
  const schedule = normaliseExportSchedule(input.schedule);
  const { rows } = await getPool().query<{ id: number }>(
    `INSERT INTO destinations (audience_id, kind, name, schedule, created_by) VALUES ($1, 'csv', $2, $3, $4) RETURNING id`,
    [audienceId, input.name, schedule, createdBy ?? null],
  );
  await writeAudit(createdBy ?? null, 'destination.create', `audience:${audienceId}`, {
    destination: rows[0].id,
    kind: 'csv',
    name: input.name,
    schedule,
  });
  return { destination: await requireDestination(rows[0].id) };
}

/** Pauses or resumes a CSV destination, or changes its schedule. */
export async function updateCsvDestination(
  destinationId: number,
  input: { paused?: boolean; schedule?: string },
): Promise<DestinationView> {
  const destination = await requireDestination(destinationId);
  if (destination.kind !== 'csv') {
    throw new BadInputError(`Destination ${destinationId} is a webhook: only a CSV export has a schedule to pause`);
  }
  const schedule = input.schedule === undefined ? destination.schedule : normaliseExportSchedule(input.schedule);
  await getPool().query('UPDATE destinations SET schedule = $2, paused = $3 WHERE id = $1', [
    destinationId,
    schedule,
    input.paused ?? destination.paused,
  ]);
  return requireDestination(destinationId);
}

export async function requireDestination(destinationId: number): Promise<DestinationView> {
  const { rows } = await getPool().query<DestinationRow>(`SELECT ${columns} FROM destinations d WHERE d.id = $1`, [
    destinationId,
  ]);
  if (!rows[0]) throw new ApiError('not_found', `Destination ${destinationId} does not exist`);
  return viewOf(rows[0]);
}

export async function listDestinations(audienceId: number): Promise<DestinationView[]> {
  await requireAudience(audienceId);
  const { rows } = await getPool().query<DestinationRow>(
    `SELECT ${columns} FROM destinations d WHERE d.audience_id = $1 ORDER BY d.id`,
    [audienceId],
  );
  return rows.map(viewOf);
}

export async function deleteDestination(destinationId: number, actor: Caller | null): Promise<{ deleted: number }> {
  const destination = await requireDestination(destinationId);
  await getPool().query('DELETE FROM destinations WHERE id = $1', [destinationId]);
  await writeAudit(actor, 'destination.delete', `audience:${destination.audienceId}`, {
    destination: destinationId,
    kind: destination.kind,
    name: destination.name,
  });
  return { deleted: destinationId };
}

export interface DeliveryView {
  id: number;
  kind: string;
  status: string;
  batches: number;
  entered: number;
  left: number;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  log: string[];
  jobId: number | null;
  /** csv runs: members written, the file's name and where to download it (null once gone) */
  rows: number | null;
  fileName: string | null;
  downloadUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The delivery log of a destination, newest first. */
export async function listDeliveries(destinationId: number, limit = 50): Promise<DeliveryView[]> {
  await requireDestination(destinationId);
  const { rows } = await getPool().query(
    `SELECT d.id, d.kind, d.status, d.batches, d.entered, d."left", d.attempts, d.last_status, d.last_error, d.log,
       d.job_id, d.rows, d.file_name, d.created_at, d.finished_at,
       (j.status = 'succeeded' AND NOT coalesce((j.result->>'erased')::boolean, false)) AS downloadable
     FROM deliveries d LEFT JOIN jobs j ON j.id = d.job_id
     WHERE d.destination_id = $1 ORDER BY d.id DESC LIMIT $2`,
    [destinationId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    batches: row.batches,
    entered: row.entered,
    left: row.left,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    log: row.log ?? [],
    jobId: row.job_id,
    rows: row.rows,
    fileName: row.file_name,
    downloadUrl:
      row.kind === 'csv' && row.status === 'written' && row.downloadable
        ? `/api/audiences/deliveries/${row.id}/file`
        : null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  }));
}
