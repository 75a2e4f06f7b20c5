import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';

export interface DatasetRef {
  id: number;
  name: string;
  settings: Record<string, unknown>;
  activeRunId: number | null;
}

export interface RunRef {
  dataset: DatasetRef;
  runId: number;
}

export async function requireDataset(datasetId: number): Promise<DatasetRef> {
  const { rows } = await getPool().query<{
    id: number;
    name: string;
    settings: Record<string, unknown>;
    active_run_id: number | null;
  }>('SELECT id, name, settings, active_run_id FROM datasets WHERE id = $1', [datasetId]);
  if (!rows[0]) throw new ApiError('not_found', `Dataset ${datasetId} does not exist`);
  const { id, name, settings, active_run_id } = rows[0];
  return { id, name, settings: settings ?? {}, activeRunId: active_run_id };
}

/**
 * The run a read targets: `runId` when given (it must be a succeeded run of this dataset),
 * else the dataset's active run. An untrained dataset answers 404 with reason `not_trained`
 * and the command that trains it, so the dashboard can say what to do.
 */
export async function requireRun(datasetId: number, runId?: number): Promise<RunRef> {
  const dataset = await requireDataset(datasetId);
  if (runId === undefined) {
    if (dataset.activeRunId === null) {
      throw new ApiError(
        'not_found',
        `Dataset "${dataset.name}" has no trained run yet. Train it with \`npx portrait train --dataset ${dataset.name}\` or from the Admin screen.`,
        { reason: 'not_trained', dataset: dataset.name },
      );
    }
    return { dataset, runId: dataset.activeRunId };
  }
  const { rows } = await getPool().query<{ status: string }>(
    'SELECT status FROM model_runs WHERE id = $1 AND dataset_id = $2',
    [runId, datasetId],
  );
  if (!rows[0]) throw new ApiError('not_found', `Run ${runId} does not belong to dataset "${dataset.name}"`);
  if (rows[0].status !== 'succeeded') {
    throw new ApiError('not_found', `Run ${runId} has status ${rows[0].status}; only succeeded runs have outputs`, {
      reason: 'run_not_succeeded',
    });
  }
  return { dataset, runId };
}

/** Attribute names the dataset never shows (settings.sensitiveAttributes). */
export function sensitiveAttributes(dataset: DatasetRef): Set<string> {
  const names = dataset.settings.sensitiveAttributes;
  return new Set(Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : []);
}
