import { hearsChanges, onChange } from '@/lib/db/changeNotices';

// Every read starts with its dataset's row, so web processes keep dataset rows for as long as
// they hear changes: a trigger announces every write to datasets at its commit (migration
// dataset_change_notices), and a write made in this process also forgets at once. The generation
// stops a read that started before a change from storing what it read. Writers (training,
// assignment, settings, deletion) forget here without depending on the read side.
const cachedDatasets = new Map<number, unknown>();
const cachedDatasetLimit = 1_000;
let datasetGeneration = 0;

/** Drops this process's cached dataset rows: after a committed write to datasets. */
export function forgetCachedDatasets(): void {
  cachedDatasets.clear();
  datasetGeneration++;
}
onChange('datasets', forgetCachedDatasets);

/** The dataset row `load` reads, kept while this process hears every change to datasets. */
export async function cachedDataset<T>(datasetId: number, load: () => Promise<T>): Promise<T> {
  if (!hearsChanges()) return load();
  const cached = cachedDatasets.get(datasetId);
  if (cached) return cached as T;
  const generation = datasetGeneration;
  const dataset = await load();
  if (generation === datasetGeneration && hearsChanges()) {
    cachedDatasets.set(datasetId, dataset);
    if (cachedDatasets.size > cachedDatasetLimit) cachedDatasets.delete(cachedDatasets.keys().next().value as number);
  }
  return dataset;
}
