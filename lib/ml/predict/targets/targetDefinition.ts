import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import type { HeadlineMetric } from '@/lib/ml/predict/targetMetrics';
import type { TargetQuality } from './targetQuality';

// A prediction target as the rest of Portrait sees it: how its stored names read, what it
// predicts and against what, and how the dashboard words it. Pure data and small pure
// functions, so the dashboard can import it; training a target is its stage in
// lib/training/targets (targetStages.ts lists one per key here).

export type TargetKey = 'churn' | 'propensity' | 'value' | 'attribute' | 'goal';

/** A stored target name read through the registry: `propensity:Cameras` is propensity with parameter "Cameras". */
export interface DescribedTarget {
  key: TargetKey;
  /** the part of the name after the prefix (category, attribute, goal id); '' for churn */
  parameter: string;
  /** what the target is called in the dashboard's words: the category, attribute or goal name */
  name: string;
  /** the horizon, for targets that have one in their name or quality */
  days: number | null;
}

export interface TargetDefinition {
  key: TargetKey;
  /** the stored target names of this kind, e.g. churn, propensity:<category>; one capture group holds the parameter */
  pattern: RegExp;
  /** the stored name for a parameter (inverse of pattern) */
  nameOf(parameter: string): string;
  /** the same names as a SQL LIKE pattern, for queries over stored targets and scores */
  sqlPattern: string;
  /** binary, multi-class or numeric; attributes are whichever their column is */
  kind: TargetKind | 'per attribute';
  /** how the labels are built, in a sentence (what the model learns to predict) */
  labels: string;
  /** the features the model sees */
  features: string;
  /** the model families it chooses between on validation */
  families: string;
  metric: HeadlineMetric | 'per kind';
  baseline: string;
  /** what a user's stored score is: a probability, an amount of money, or the most likely class */
  score: 'probability' | 'amount' | 'class';
  /** the target name in the dashboard, in English and Chinese ({name}, {days} filled in) */
  label: { en: string; zh: string };
  /**
   * the message keys that word it: in PlainQuality (the quality screen's plain sentence; null:
   * the name alone) and in Audiences (the condition editor)
   */
  messages: { plain: string | null; condition: string };
  /** the name and horizon to show, from the parameter and the stored quality record */
  describe(parameter: string, quality?: TargetQuality | null): { name: string; days: number | null };
}
