/**
 * The table that holds a dataset's own events: a partition of `events`, made when an import
 * loads the dataset in bulk. Other datasets' events live in events_default.
 */
export function eventPartitionName(datasetId: number): string {
  return `events_d${Math.trunc(datasetId)}`;
}
