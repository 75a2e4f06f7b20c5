/**
 * From what size a heavy step goes to a GPU device: below it, uploading the data and building a
 * session cost more than the CPU path takes. PORTRAIT_GPU_KMEANS_MIN_ROWS: users in the final
 * k-means fit (default 200,000).
 */
export interface GpuThresholds {
  kmeansMinRows: number;
}

export function gpuThresholds(env: Record<string, string | undefined> = process.env): GpuThresholds {
  const raw = env.PORTRAIT_GPU_KMEANS_MIN_ROWS;
  if (raw === undefined || raw === '') return { kmeansMinRows: 200_000 };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`PORTRAIT_GPU_KMEANS_MIN_ROWS must be a whole number, not "${raw}"`);
  return { kmeansMinRows: value };
}
