import { readDisplaySettings } from '@/lib/datasets/displaySettings';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { compareFeatures } from '@/lib/queries/compareFeatures';
import { loadSegmentRows, type SegmentRow } from '@/lib/queries/loadSegmentRows';
import { requireRun } from '@/lib/queries/requireRun';
import type { Persona } from '@/lib/runs/persona.types';
import type { ExportedSegment, PersonaExport } from './personaExport.types';
import { redactSensitive } from './redactSensitive';
import { sensitiveNames } from './sensitiveNames';

/** bars in each persona's chart, as on the segment detail screen */
const chartedFeatures = 8;

function completePersona(row: SegmentRow): Persona {
  const stored = row.persona ?? {};
  return {
    ...stored,
    name: row.name,
    description: row.description,
    size: row.size,
    share: row.share,
    traits: stored.traits ?? [],
    topCategories: stored.topCategories ?? [],
    keywords: stored.keywords ?? [],
    attributes: stored.attributes ?? {},
    sentiment: stored.sentiment ?? { mean: null, textUsers: 0 },
    topItems: stored.topItems ?? [],
    churnShare: stored.churnShare ?? null,
    nextInterests: stored.nextInterests ?? [],
    representativeUsers: stored.representativeUsers ?? [],
    activity: stored.activity ?? [],
  };
}

/**
 * The shown segments of a dataset's active run (or of `runId`), ready to be written in any
 * format. Applied here, once for every format: segments under the size floor (as stored at
 * training, or under the dataset's current floor if it was raised since) are left out and only
 * counted; attributes the dataset marks sensitive now are left out of personas (distributions
 * and description) and metrics, even if the run was trained before they were marked; representative users whose profile was
 * erased are dropped.
 */
export async function loadPersonaExport(datasetId: number, runId?: number): Promise<PersonaExport> {
  const run = await requireRun(datasetId, runId);
  const [settings, display] = await Promise.all([readPipelineSettings(datasetId), readDisplaySettings(datasetId)]);
  const isSensitive = sensitiveNames([...settings.sensitiveAttributes, ...settings.evaluationOnlyAttributes]);
  const pool = getPool();
  const [runRow, segmentRows] = await Promise.all([
    pool.query<{ finished_at: Date | null; events_up_to: Date | null; metrics: Record<string, unknown> | null }>(
      'SELECT finished_at, events_up_to, metrics FROM model_runs WHERE id = $1',
      [run.runId],
    ),
    loadSegmentRows(run.runId),
  ]);
  const shownRows = segmentRows.filter((row) => !row.below_floor && row.size >= settings.segmentSizeFloor);
  const hiddenRows = segmentRows.filter((row) => !shownRows.includes(row));

  const representatives = [...new Set(shownRows.flatMap((row) => row.persona?.representativeUsers ?? []))];
  const present = await pool.query<{ user_id: string }>(
    'SELECT user_id FROM user_profiles WHERE run_id = $1 AND user_id = ANY($2::text[])',
    [run.runId, representatives],
  );
  const profiled = new Set(present.rows.map((row) => row.user_id));

  const segments: ExportedSegment[] = await Promise.all(
    shownRows.map(async (row) => {
      const persona = redactSensitive(completePersona(row), isSensitive);
      persona.representativeUsers = persona.representativeUsers.filter((userId) => profiled.has(userId));
      const features = await compareFeatures(run, row.index);
      return { index: row.index, persona, featureDifferences: features.slice(0, chartedFeatures) };
    }),
  );

  const { finished_at, events_up_to, metrics } = runRow.rows[0];
  const stored = metrics ?? {};
  const attributeMetrics = stored.attributes;
  const shownMetrics =
    attributeMetrics && typeof attributeMetrics === 'object'
      ? {
          ...stored,
          attributes: Object.fromEntries(Object.entries(attributeMetrics).filter(([name]) => !isSensitive(name))),
        }
      : stored;

  return {
    dataset: { id: run.dataset.id, name: run.dataset.name },
    runId: run.runId,
    createdAt: finished_at?.toISOString() ?? null,
    eventsUpTo: events_up_to?.toISOString() ?? null,
    exportedAt: new Date().toISOString(),
    metrics: shownMetrics,
    segments,
    display,
    hiddenSegments: { count: hiddenRows.length, users: hiddenRows.reduce((sum, row) => sum + row.size, 0) },
  };
}
