import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { type ColumnMapping, parseColumnMapping } from '@/lib/ingest/columnMapping';
import { formatColumnMapping } from '@/lib/ingest/formatColumnMapping';

/**
 * The column mapping a dataset's last mapped import used, kept in datasets.settings.importMapping
 * (the inline `--map` form), so the next file from the same source is mapped the same way.
 */
export async function rememberImportMapping(datasetId: number, mapping: ColumnMapping): Promise<void> {
  await getPool().query(
    `UPDATE datasets SET settings = coalesce(settings, '{}'::jsonb) || jsonb_build_object('importMapping', $2::text)
     WHERE id = $1`,
    [datasetId, formatColumnMapping(mapping)],
  );
}

/** The mapping remembered for the dataset called `name`, or null (no such dataset, none kept, or unreadable). */
export async function rememberedImportMapping(datasetName: string): Promise<ColumnMapping | null> {
  const datasetId = await findDatasetId(datasetName);
  if (datasetId === null) return null;
  const { rows } = await getPool().query<{ mapping: string | null }>(
    `SELECT settings->>'importMapping' AS mapping FROM datasets WHERE id = $1`,
    [datasetId],
  );
  const stored = rows[0]?.mapping;
  if (!stored) return null;
  try {
    return parseColumnMapping(stored);
  } catch {
    return null;
  }
}
