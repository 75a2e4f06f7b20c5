import { getPool } from '@/lib/db/connection';
import { attributeTarget } from '@/lib/ml/predict/targets/attribute';
import type { StageOutcome } from '@/lib/training/stageOutcome';
import type { TargetQuality } from './getSegmentDetail';
import { evaluationOnlyAttributes, requireDataset } from './requireRun';
import { type RunRow, type RunSummary, runColumns, runSummaryFrom } from './runSummary';

export interface RunHistoryEntry extends RunSummary {
  active: boolean;
  /** the run's metrics as stored, for the members the summary does not name */
  metrics: Record<string, unknown>;
  /** recommendation quality (nDCG against the popularity baseline, its split), when the run stored it */
  recommendation: Record<string, unknown> | null;
  targets: TargetQuality[];
  /** what each training stage did (ran, or skipped with its reason); empty for runs from before stages were recorded */
  stages: StageOutcome[];
}

export interface RunHistory {
  datasetId: number;
  activeRunId: number | null;
  runs: RunHistoryEntry[];
}

function recommendationMetrics(metrics: Record<string, unknown>): Record<string, unknown> | null {
  for (const key of ['recommendation', 'recommendations', 'recommend']) {
    const value = metrics[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  }
  return null;
}

/** The dataset's runs, newest first, each with its metrics and prediction targets. */
export async function listRuns(datasetId: number, limit: number): Promise<RunHistory> {
  const dataset = await requireDataset(datasetId);
  const pool = getPool();
  const { rows } = await pool.query<RunRow>(
    `SELECT ${runColumns('r')} FROM model_runs r WHERE r.dataset_id = $1 ORDER BY r.started_at DESC, r.id DESC LIMIT $2`,
    [datasetId, limit],
  );
  const ids = rows.map((row) => row.run_id);
  const stages = await pool.query<{ id: number; stages: StageOutcome[] | null }>(
    `SELECT id, meta->'stages' AS stages FROM model_runs WHERE id = ANY($1::int[])`,
    [ids],
  );
  const stagesByRun = new Map(stages.rows.map((row) => [row.id, row.stages ?? []]));
  const targets = await pool.query<TargetQuality & { run_id: number }>(
    `SELECT run_id, target, kind, status, reason, model, quality FROM prediction_targets
     WHERE run_id = ANY($1::int[]) ORDER BY run_id, target`,
    [ids],
  );
  const targetsByRun = new Map<number, TargetQuality[]>();
  const answers = new Set(
    [...evaluationOnlyAttributes(dataset)].map((name) => attributeTarget.nameOf(name).toLowerCase()),
  );
  for (const { run_id, ...target } of targets.rows) {
    if (answers.has(target.target.toLowerCase())) continue;
    const list = targetsByRun.get(run_id) ?? [];
    list.push(target);
    targetsByRun.set(run_id, list);
  }
  return {
    datasetId,
    activeRunId: dataset.activeRunId,
    runs: rows.map((row) => {
      const summary = runSummaryFrom(row) as RunSummary;
      const metrics = row.run_metrics ?? {};
      return {
        ...summary,
        active: row.run_id === dataset.activeRunId,
        metrics,
        recommendation: recommendationMetrics(metrics),
        targets: targetsByRun.get(row.run_id) ?? [],
        stages: stagesByRun.get(row.run_id) ?? [],
      };
    }),
  };
}
