import type { DenseMatrix } from '@/lib/ml/types';

function rounded(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null;
}

/**
 * A user's feature values in readable units for user_profiles.features: the raw behaviour
 * features, then churn (when scored) and mean sentiment, rounded to three decimals.
 */
export function readableFeatures(
  names: string[],
  raw: DenseMatrix,
  user: number,
  extra: { churn?: number; sentiment: number },
): Record<string, number | null> {
  const readable: Record<string, number | null> = {};
  names.forEach((name, f) => {
    readable[name] = rounded(raw.data[user * raw.cols + f]);
  });
  if (extra.churn !== undefined) readable.churn = rounded(extra.churn);
  readable.sentiment = rounded(extra.sentiment);
  return readable;
}
