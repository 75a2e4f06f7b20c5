/** The stages of a training run, in the order they run; each records what it did. */
export const trainingStages = [
  'behaviourFeatures',
  'behaviourEmbedding',
  'text',
  'segments',
  'map',
  'churn',
  'propensity',
  'value',
  'attributes',
  'recommendations',
  'ratings',
  'personas',
] as const;
/** Stages a run records only when the dataset asks for them: custom goals, when an admin defined some. */
export const optionalTrainingStages = ['goals'] as const;
export type TrainingStage = (typeof trainingStages)[number] | (typeof optionalTrainingStages)[number];

/**
 * What one stage did on a run's data: ran, or skipped with the reason (the data cannot support
 * it), or failed with the error (the rest of the run went on). `note` qualifies a stage that ran:
 * "not predictive", "no clear segments", "popularity served".
 */
export interface StageOutcome {
  stage: TrainingStage;
  status: 'ran' | 'skipped' | 'failed';
  reason?: string;
  note?: string;
}

/** Collects the stages' outcomes and writes each one to the run log as it is recorded. */
export class StageOutcomes {
  readonly outcomes: StageOutcome[] = [];
  constructor(private readonly log: (line: string) => void) {}

  ran(stage: TrainingStage, note?: string): void {
    this.record({ stage, status: 'ran', ...(note ? { note } : {}) });
  }

  skipped(stage: TrainingStage, reason: string): void {
    this.record({ stage, status: 'skipped', reason });
  }

  failed(stage: TrainingStage, error: unknown): void {
    this.record({ stage, status: 'failed', reason: error instanceof Error ? error.message : String(error) });
  }

  private record(outcome: StageOutcome): void {
    this.outcomes.push(outcome);
    this.log(describeOutcome(outcome));
  }
}

export function describeOutcome(outcome: StageOutcome): string {
  if (outcome.status === 'ran') return `${outcome.stage}: ran${outcome.note ? ` (${outcome.note})` : ''}`;
  return `${outcome.stage}: ${outcome.status}, ${outcome.reason}`;
}
