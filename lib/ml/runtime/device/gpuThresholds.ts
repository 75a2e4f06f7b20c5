/**
 * From what size a heavy step goes to a GPU device: below it, uploading the data and building a
 * session cost more than the CPU path takes. PORTRAIT_GPU_KMEANS_MIN_ROWS: users in the final
 * k-means fit (default 200,000). PORTRAIT_GPU_EASE_MIN_ITEMS: items EASE models (default 3,000,
 * the CPU path's cap, where one float64 fit already takes some 17 s on one core).
 */
export interface GpuThresholds {
  kmeansMinRows: number;
  easeMinItems: number;
}

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return value;
}

export function gpuThresholds(env: Record<string, string | undefined> = process.env): GpuThresholds {
  return {
    kmeansMinRows: wholeNumber(env, 'PORTRAIT_GPU_KMEANS_MIN_ROWS', 200_000),
    easeMinItems: wholeNumber(env, 'PORTRAIT_GPU_EASE_MIN_ITEMS', 3_000),
  };
}
