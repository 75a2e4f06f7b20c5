import { z } from 'zod';

// The quality record of a stored prediction target (prediction_targets.quality), one schema
// for every target of the registry. A skipped target has its reason; a trained one its
// hold-out figures beside the baseline and the verdict, plus what its kind adds (the predicted
// value's contract, a goal's definition). JSON turns a NaN into null, hence the nullable numbers.

const measured = z.number().nullable();

export const storedGoal = z.object({
  id: z.number().int(),
  name: z.string(),
  eventType: z.string(),
  category: z.string().nullable(),
  minValue: z.number().nullable(),
  horizonDays: z.number().int(),
});

export const targetQuality = z.looseObject({
  /** why the target was skipped */
  reason: z.string().nullish(),
  metric: z.enum(['auc', 'macroF1', 'mae', 'spearman']).optional(),
  value: measured.optional(),
  baseline: measured.optional(),
  predictive: z.boolean().optional(),
  notPredictive: z.string().optional(),
  model: z.string().optional(),
  auc: measured.optional(),
  lift10: measured.optional(),
  brier: measured.optional(),
  calibrationError: measured.optional(),
  calibration: z
    .array(
      z.object({
        from: z.number(),
        to: z.number(),
        count: z.number(),
        meanPredicted: measured,
        observedRate: measured,
      }),
    )
    .optional(),
  roc: z.array(z.tuple([measured, measured])).optional(),
  positiveRate: measured.optional(),
  macroF1: measured.optional(),
  accuracy: measured.optional(),
  baselineAccuracy: measured.optional(),
  mae: measured.optional(),
  validation: z.record(z.string(), measured).optional(),
  split: z.union([z.string(), z.looseObject({ kind: z.string() })]).optional(),
  trainedOn: z.object({ rows: z.number(), sampled: z.boolean() }).optional(),
  labelled: z.number().nullish(),
  positives: z.number().nullish(),
  negatives: z.number().nullish(),
  classCounts: z.array(z.number()).nullish(),
  classNames: z.array(z.string()).nullish(),
  topFeatures: z.array(z.object({ name: z.string(), importance: z.number() })).optional(),
  horizonDays: z.number().optional(),
  positiveClass: z.string().optional(),
  category: z.string().optional(),
  familiesTried: z.array(z.string()).optional(),
  familiesNote: z.string().optional(),
  /** a custom goal's definition as it was when the run trained it */
  goal: storedGoal.optional(),
});

export type TargetQuality = z.infer<typeof targetQuality>;
export type StoredGoal = z.infer<typeof storedGoal>;
