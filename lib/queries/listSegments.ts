import { getPool } from '@/lib/db/connection';
import { redactSensitive } from '@/lib/export/redactSensitive';
import { sensitiveNames } from '@/lib/export/sensitiveNames';
import { churnTarget } from '@/lib/ml/predict/targets/churn';
import type { Persona } from '@/lib/runs/persona.types';
import { cachedRunRead } from './cachedRunRead';
import { loadSegmentRows } from './loadSegmentRows';
import { type RunRef, requireRun, sensitiveAttributes } from './requireRun';

/** What a persona card needs: the persona without its long lists (attributes, top items, users). */
export type PersonaCard = Pick<
  Persona,
  | 'traits'
  | 'topCategories'
  | 'keywords'
  | 'sentiment'
  | 'churnShare'
  | 'populationChurnShare'
  | 'activity'
  | 'nextInterests'
  | 'predictedValue'
  | 'goals'
>;

export interface SegmentCard {
  index: number;
  name: string;
  description: string;
  size: number;
  share: number;
  persona: PersonaCard;
}

export interface SegmentList {
  datasetId: number;
  runId: number;
  segments: SegmentCard[];
  /** segments under the size floor: counted, never shown */
  hiddenSegments: { count: number; users: number };
  /** what a churn share means: the horizon of the run's churn model and its hold-out AUC; null without one */
  churnModel: { horizonDays: number; auc: number | null } | null;
}

const cardTraits = 5;
const cardCategories = 3;
const cardKeywords = 6;

export function personaCard(persona: Partial<Persona>): PersonaCard {
  return {
    traits: (persona.traits ?? []).slice(0, cardTraits),
    topCategories: (persona.topCategories ?? []).slice(0, cardCategories),
    keywords: (persona.keywords ?? []).slice(0, cardKeywords),
    sentiment: persona.sentiment ?? { mean: null, textUsers: 0 },
    churnShare: persona.churnShare ?? null,
    populationChurnShare: persona.populationChurnShare ?? null,
    activity: persona.activity ?? [],
    nextInterests: (persona.nextInterests ?? []).slice(0, 3),
    predictedValue: persona.predictedValue ?? null,
    ...(persona.goals?.length ? { goals: persona.goals } : {}),
  };
}

export async function listSegments(datasetId: number, runId?: number): Promise<SegmentList> {
  const run = await requireRun(datasetId, runId);
  return cachedRunRead(run, 'segments', () => buildSegmentList(run));
}

async function buildSegmentList(run: RunRef): Promise<SegmentList> {
  const datasetId = run.dataset.id;
  const rows = await loadSegmentRows(run.runId);
  const churn = await getPool().query<{ horizon: number | null; auc: number | null }>(
    `SELECT (quality->>'horizonDays')::float AS horizon,
            coalesce(quality->'holdout'->>'auc', quality->>'auc')::float AS auc
     FROM prediction_targets WHERE run_id = $1 AND target = $2 AND status = 'trained'`,
    [run.runId, churnTarget.nameOf('')],
  );
  const hidden = rows.filter((row) => row.below_floor);
  const isSensitive = sensitiveNames([...sensitiveAttributes(run.dataset)]);
  const redactedDescription = (row: (typeof rows)[number]) =>
    redactSensitive({ attributes: row.persona.attributes ?? {}, description: row.description } as Persona, isSensitive)
      .description;
  return {
    datasetId,
    runId: run.runId,
    segments: rows
      .filter((row) => !row.below_floor)
      .map((row) => ({
        index: row.index,
        name: row.name,
        description: redactedDescription(row),
        size: row.size,
        share: row.share,
        persona: personaCard(row.persona),
      })),
    hiddenSegments: { count: hidden.length, users: hidden.reduce((sum, row) => sum + row.size, 0) },
    churnModel: churn.rows[0] ? { horizonDays: churn.rows[0].horizon ?? 30, auc: churn.rows[0].auc ?? null } : null,
  };
}
