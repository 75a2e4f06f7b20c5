import { cachedDataset } from '@/lib/datasets/datasetCache';
import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { defaultPipelineSettings } from '@/lib/ml/types';

export interface DatasetRef {
  id: number;
  name: string;
  settings: Record<string, unknown>;
  activeRunId: number | null;
  /** bumped when a run's stored outputs change after training (see bumpDatasetRevision) */
  revision: number;
}

export interface RunRef {
  dataset: DatasetRef;
  runId: number;
}

/** The datasets columns a DatasetRef is read from, for statements that fold it in. */
export const datasetRefColumns = 'id, name, settings, active_run_id, revision';

export interface DatasetRefRow {
  id: number;
  name: string;
  settings: Record<string, unknown> | null;
  active_run_id: number | null;
  revision: number;
}

export function datasetRefOf(row: DatasetRefRow | undefined | null, datasetId: number): DatasetRef {
  if (!row) throw new ApiError('not_found', `Dataset ${datasetId} does not exist`);
  return {
    id: row.id,
    name: row.name,
    settings: row.settings ?? {},
    activeRunId: row.active_run_id,
    revision: row.revision,
  };
}

async function loadDataset(datasetId: number): Promise<DatasetRef> {
  const { rows } = await getPool().query<DatasetRefRow>({
    name: 'portrait_require_dataset',
    text: `SELECT ${datasetRefColumns} FROM datasets WHERE id = $1`,
    values: [datasetId],
  });
  return datasetRefOf(rows[0], datasetId);
}

export async function requireDataset(datasetId: number): Promise<DatasetRef> {
  return cachedDataset(datasetId, () => loadDataset(datasetId));
}

/**
 * The dataset's active run. An untrained dataset answers 404 with reason `not_trained` and the
 * command that trains it, so the dashboard can say what to do.
 */
export function activeRunOf(dataset: DatasetRef): RunRef {
  if (dataset.activeRunId === null) {
    throw new ApiError(
      'not_found',
      `Dataset "${dataset.name}" has no trained run yet. Train it with \`npx portrait train --dataset ${dataset.name}\` or from the Admin screen.`,
      { reason: 'not_trained', dataset: dataset.name },
    );
  }
  return { dataset, runId: dataset.activeRunId };
}

/**
 * The run a read targets: `runId` when given (it must be a succeeded run of this dataset),
 * else the dataset's active run (see activeRunOf).
 */
export async function requireRun(datasetId: number, runId?: number): Promise<RunRef> {
  const dataset = await requireDataset(datasetId);
  if (runId === undefined) return activeRunOf(dataset);
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

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
}

/** Event types that count as purchases (settings.purchaseTypes, else the default), lower-cased. */
export function purchaseTypes(dataset: DatasetRef): Set<string> {
  const names = dataset.settings.purchaseTypes;
  const list = Array.isArray(names) && names.length ? stringList(names) : defaultPipelineSettings.purchaseTypes;
  return new Set(list.map((name) => name.toLowerCase()));
}

/** Answer columns kept only for evaluation (settings.evaluationOnlyAttributes; by default the demo's true_persona). */
export function evaluationOnlyAttributes(dataset: DatasetRef): Set<string> {
  const names = dataset.settings.evaluationOnlyAttributes;
  return new Set(names === undefined ? defaultPipelineSettings.evaluationOnlyAttributes : stringList(names));
}

/** Attribute names the dataset never shows: settings.sensitiveAttributes and the evaluation-only ones. */
export function sensitiveAttributes(dataset: DatasetRef): Set<string> {
  return new Set([...stringList(dataset.settings.sensitiveAttributes), ...evaluationOnlyAttributes(dataset)]);
}
