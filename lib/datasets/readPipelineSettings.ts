import { z } from 'zod';
import { getPool } from '@/lib/db/connection';
import { defaultPipelineSettings, type PipelineSettings } from '@/lib/ml/types';

export const pipelineSettingsSchema = z.object({
  purchaseTypes: z.array(z.string().min(1)).min(1).optional(),
  segmentSizeFloor: z.number().int().min(1).optional(),
  horizonDays: z.number().int().min(1).max(365).optional(),
  valueHorizonDays: z.number().int().min(1).max(365).optional(),
  sensitiveAttributes: z.array(z.string()).optional(),
  evaluationOnlyAttributes: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  recommendSplit: z.enum(['time', 'random']).optional(),
});

/** A dataset's settings (datasets.settings) over the defaults. */
export async function readPipelineSettings(datasetId: number): Promise<PipelineSettings> {
  const { rows } = await getPool().query<{ settings: unknown }>('SELECT settings FROM datasets WHERE id = $1', [
    datasetId,
  ]);
  if (rows.length === 0) throw new Error(`No dataset with id ${datasetId}`);
  const parsed = pipelineSettingsSchema.safeParse(rows[0].settings ?? {});
  const stored = parsed.success ? parsed.data : {};
  return { ...defaultPipelineSettings, ...stored };
}
