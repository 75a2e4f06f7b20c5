import { z } from 'zod';
import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { pipelineSettingsSchema, readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { inTransaction } from '@/lib/db/inTransaction';
import { attributeTarget } from '@/lib/ml/predict/targets/attribute';
import type { PipelineSettings } from '@/lib/ml/types';
import { requireDataset } from '@/lib/queries/requireRun';
import { type DisplaySettings, displaySettingsSchema, readDisplaySettings } from './displaySettings';
import { readRetentionDays, retentionSettingsSchema } from './retentionSettings';

export const datasetSettingsPatch = pipelineSettingsSchema
  .extend({ sensitiveAttributes: z.array(z.string().trim().min(1).max(200)).max(500).optional() })
  .extend(displaySettingsSchema.shape)
  .extend(retentionSettingsSchema.shape)
  .strict();

export type DatasetSettingsPatch = z.infer<typeof datasetSettingsPatch>;

export interface DatasetSettingsView {
  datasetId: number;
  settings: PipelineSettings;
  /** currency and display names: how the dataset reads on screens and in exports */
  display: DisplaySettings;
  /** the dataset's user attributes, for choosing which are sensitive */
  attributes: { name: string; kind: string; users: number; sensitive: boolean }[];
  /** the dataset's event types, for naming them */
  eventTypes: string[];
  /** events older than this many days are deleted (applyEventRetention); null keeps them all */
  retentionDays: number | null;
}

export async function getDatasetSettings(datasetId: number): Promise<DatasetSettingsView> {
  await requireDataset(datasetId);
  const [settings, display, retentionDays, attributes, eventTypes] = await Promise.all([
    readPipelineSettings(datasetId),
    readDisplaySettings(datasetId),
    readRetentionDays(datasetId),
    getPool().query<{ name: string; kind: string; users: number }>(
      `SELECT name, min(kind) AS kind, count(*)::int AS users FROM user_attributes WHERE dataset_id = $1
       GROUP BY name ORDER BY name`,
      [datasetId],
    ),
    getPool().query<{ type: string }>(
      'SELECT DISTINCT type FROM events WHERE dataset_id = $1 ORDER BY type LIMIT 200',
      [datasetId],
    ),
  ]);
  const sensitive = new Set(settings.sensitiveAttributes.map((name) => name.toLowerCase()));
  return {
    datasetId,
    settings,
    display,
    attributes: attributes.rows.map((row) => ({ ...row, sensitive: sensitive.has(row.name.toLowerCase()) })),
    eventTypes: eventTypes.rows.map((row) => row.type),
    retentionDays,
  };
}

/**
 * Changes a dataset's pipeline settings (the fields given replace the stored ones). An attribute
 * newly marked sensitive is never inferred again, and what earlier runs inferred about it is
 * removed in the same transaction: its scores, its model quality and its evaluation metric. Names
 * are stored in the dataset's own spelling of the attribute, so every exact comparison matches.
 */
export async function updateDatasetSettings(
  caller: Caller | string,
  datasetId: number,
  patch: DatasetSettingsPatch,
): Promise<DatasetSettingsView> {
  await requireDataset(datasetId);
  const before = await readPipelineSettings(datasetId);
  const stored: Record<string, unknown> = { ...patch };
  let newlySensitive: string[] = [];
  if (patch.sensitiveAttributes) {
    const { rows } = await getPool().query<{ name: string }>(
      'SELECT DISTINCT name FROM user_attributes WHERE dataset_id = $1',
      [datasetId],
    );
    const spelling = new Map(rows.map((row) => [row.name.toLowerCase(), row.name]));
    const names = [...new Set(patch.sensitiveAttributes.map((name) => spelling.get(name.toLowerCase()) ?? name))];
    stored.sensitiveAttributes = names;
    const already = new Set(before.sensitiveAttributes.map((name) => name.toLowerCase()));
    newlySensitive = names.filter((name) => !already.has(name.toLowerCase()));
  }

  let purgedScores = 0;
  await inTransaction(async (client) => {
    await client.query(`UPDATE datasets SET settings = settings || $2::jsonb, updated_at = now() WHERE id = $1`, [
      datasetId,
      JSON.stringify(stored),
    ]);
    if (newlySensitive.length) {
      const targets = newlySensitive.map((name) => attributeTarget.nameOf(name).toLowerCase());
      const deleted = await client.query(
        `DELETE FROM scores s USING model_runs r
         WHERE r.id = s.run_id AND r.dataset_id = $1 AND lower(s.target) = ANY($2::text[])`,
        [datasetId, targets],
      );
      purgedScores = deleted.rowCount ?? 0;
      await client.query(
        `UPDATE prediction_targets t SET status = 'skipped', model = NULL,
           reason = substr(t.target, 6) || ' is marked sensitive and is never inferred',
           quality = jsonb_build_object('reason', substr(t.target, 6) || ' is marked sensitive and is never inferred')
         FROM model_runs r WHERE r.id = t.run_id AND r.dataset_id = $1 AND lower(t.target) = ANY($2::text[])`,
        [datasetId, targets],
      );
      const { rows: runs } = await client.query<{ id: number; keys: string[] }>(
        `SELECT id, ARRAY(SELECT jsonb_object_keys(metrics->'attributes')) AS keys FROM model_runs
         WHERE dataset_id = $1 AND jsonb_typeof(metrics->'attributes') = 'object'`,
        [datasetId],
      );
      const hidden = new Set(newlySensitive.map((name) => name.toLowerCase()));
      for (const run of runs) {
        const drop = run.keys.filter((key) => hidden.has(key.toLowerCase()));
        if (drop.length === 0) continue;
        await client.query(
          `UPDATE model_runs SET metrics = jsonb_set(metrics, '{attributes}', (metrics->'attributes') - $2::text[]) WHERE id = $1`,
          [run.id, drop],
        );
      }
    }
  });
  forgetCachedDatasets();
  await writeAudit(caller, 'settings.update', `dataset:${datasetId}`, {
    changed: Object.keys(stored),
    ...(patch.sensitiveAttributes ? { sensitiveAttributes: stored.sensitiveAttributes, purgedScores } : {}),
  });
  return getDatasetSettings(datasetId);
}
