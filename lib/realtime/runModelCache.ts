import type pg from 'pg';

/**
 * A per-process cache of what a run's stored models restore to, for the `keptRuns` runs asked
 * for most recently: a run's models never change once it is trained, restoring them (parsing
 * megabytes of JSON, loading XGBoost) costs more than an update, and a retrain leaves the old run
 * unused. A failed load is forgotten, so the next call tries again; a dropped run's models are
 * given to `free`.
 */
export function runModelCache<T>(
  load: (db: pg.Pool | pg.PoolClient, runId: number) => Promise<T>,
  options: { free?: (models: T) => void; keptRuns?: number } = {},
): (db: pg.Pool | pg.PoolClient, runId: number) => Promise<T> {
  const keptRuns = options.keptRuns ?? 2;
  const loaded = new Map<number, Promise<T>>();
  return (client, runId) => {
    let models = loaded.get(runId);
    if (!models) {
      models = load(client, runId);
      models.catch(() => loaded.delete(runId));
      loaded.set(runId, models);
      for (const old of loaded.keys()) {
        if (loaded.size <= keptRuns || old === runId) continue;
        const dropped = loaded.get(old);
        loaded.delete(old);
        if (options.free) void dropped?.then(options.free).catch(() => {});
      }
    }
    return models;
  };
}
