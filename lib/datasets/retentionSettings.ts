import { z } from 'zod';
import { getPool } from '@/lib/db/connection';

/**
 * How long a dataset keeps its events: events older than this many days before the server's
 * clock are deleted (applyEventRetention); null keeps every event. Stored in datasets.settings.
 */
export const retentionSettingsSchema = z.object({
  retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
});

export function retentionDaysFrom(stored: unknown): number | null {
  const parsed = retentionSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? (parsed.data.retentionDays ?? null) : null;
}

export async function readRetentionDays(datasetId: number): Promise<number | null> {
  const { rows } = await getPool().query<{ settings: unknown }>('SELECT settings FROM datasets WHERE id = $1', [
    datasetId,
  ]);
  return retentionDaysFrom(rows[0]?.settings);
}
