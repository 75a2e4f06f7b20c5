import { getPool } from '@/lib/db/connection';
import { redactSensitive } from '@/lib/export/redactSensitive';
import { sensitiveNames } from '@/lib/export/sensitiveNames';
import { ApiError } from '@/lib/http/apiError';
import { withCurrentSize } from '@/lib/ml/persona/segmentSizeSentence';
import { targetRegistry } from '@/lib/ml/predict/targetRegistry';
import type { Persona } from '@/lib/runs/persona.types';
import { cachedRunRead } from './cachedRunRead';
import { compareFeatures, type FeatureComparison } from './compareFeatures';
import { type RunRef, requireRun, sensitiveAttributes } from './requireRun';

/** The targets a segment page lists with their quality: those whose scores are probabilities (churn, propensity, goals). */
const segmentTargetPatterns = targetRegistry
  .filter((definition) => definition.score === 'probability')
  .map((definition) => definition.sqlPattern);

export interface TargetQuality {
  target: string;
  kind: string;
  status: string;
  reason: string | null;
  model: string | null;
  quality: Record<string, unknown>;
}

export interface SegmentDetail {
  datasetId: number;
  runId: number;
  index: number;
  name: string;
  description: string;
  size: number;
  share: number;
  persona: Persona;
  /** numeric features, largest standardised difference from the population first */
  features: FeatureComparison[];
  /** the run's churn and propensity models, so scores are read beside their hold-out quality */
  targets: TargetQuality[];
}

const shownFeatures = 24;

export async function getSegmentDetail(datasetId: number, index: number, runId?: number): Promise<SegmentDetail> {
  const run = await requireRun(datasetId, runId);
  return cachedRunRead(run, `segment:${index}`, () => buildSegmentDetail(run, index));
}

async function buildSegmentDetail(run: RunRef, index: number): Promise<SegmentDetail> {
  const datasetId = run.dataset.id;
  const { rows } = await getPool().query<{
    name: string;
    description: string;
    size: number;
    share: number;
    below_floor: boolean;
    persona: Persona;
    targets: TargetQuality[];
  }>(
    `SELECT name, description, size, share, below_floor, persona,
       (SELECT coalesce(json_agg(t ORDER BY t.target), '[]') FROM (
          SELECT target, kind, status, reason, model, quality FROM prediction_targets
          WHERE run_id = $1 AND target LIKE ANY($3::text[])) t) AS targets
     FROM segments WHERE run_id = $1 AND index = $2`,
    [run.runId, index, segmentTargetPatterns],
  );
  const segment = rows[0];
  // A segment under the size floor is answered exactly like a missing one, so its existence leaks nothing.
  if (!segment || segment.below_floor) {
    throw new ApiError('not_found', `Segment ${index} does not exist in run ${run.runId}`);
  }
  const features = await compareFeatures(run, index);
  const persona = redactSensitive(
    {
      ...segment.persona,
      attributes: segment.persona.attributes ?? {},
      description: withCurrentSize(segment.description, segment.size, segment.share),
    },
    sensitiveNames([...sensitiveAttributes(run.dataset)]),
  );
  return {
    datasetId,
    runId: run.runId,
    index,
    name: segment.name,
    description: persona.description,
    size: segment.size,
    share: segment.share,
    persona,
    features: features.slice(0, shownFeatures),
    targets: segment.targets,
  };
}
