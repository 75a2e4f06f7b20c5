import type { PredictorFamily } from './fitPredictor';

export interface FallbackOutcome<T> {
  result: T;
  /** the families the result was fitted with */
  families: PredictorFamily[];
  /** why the boosted trees were left out; null when they were not */
  note: string | null;
}

/**
 * Fits with `families`; when that fails with boosted trees among them, fits again with the linear
 * families alone. Boosted trees run in WebAssembly with a bounded heap, which large data sets can
 * exhaust ("memory access out of bounds"), the more so in one process that fits many models.
 */
export async function withLinearFallback<T>(
  families: PredictorFamily[],
  fitWith: (families: PredictorFamily[]) => Promise<T>,
): Promise<FallbackOutcome<T>> {
  try {
    return { result: await fitWith(families), families, note: null };
  } catch (error) {
    if (!families.includes('boosting')) throw error;
    const linear = families.filter((family) => family !== 'boosting');
    return {
      result: await fitWith(linear),
      families: linear,
      note: `boosted trees failed (${(error as Error).message}); ${linear.length > 1 ? 'linear models' : 'linear model'} only`,
    };
  }
}
