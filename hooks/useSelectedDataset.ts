import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { useDatasetsQuery } from './useDatasetsQuery';

/**
 * The dataset a screen shows: the one named by `?dataset=<id>` when it exists, else the first
 * trained dataset, else the first one.
 */
export function useSelectedDataset(datasetParam: string | undefined) {
  const datasets = useDatasetsQuery();
  const list = datasets.data ?? [];
  const requested = datasetParam ? list.find((dataset) => String(dataset.id) === datasetParam) : undefined;
  const dataset: DatasetSummary | undefined = requested ?? list.find((d) => d.activeRun) ?? list[0];
  return {
    datasets,
    dataset,
    /** `?dataset=` named a dataset that does not exist (deleted, or a stale link) */
    unknownParam: Boolean(datasetParam && datasets.isSuccess && !requested),
  };
}
