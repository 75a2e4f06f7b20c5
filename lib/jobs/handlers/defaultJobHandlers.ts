import type { JobHandlers } from '../jobHandler';
import { deliverJob } from './deliverJob';
import { evaluateJob } from './evaluateJob';
import { exportJob } from './exportJob';
import { importJob } from './importJob';
import { trainChunkJob } from './trainChunkJob';
import { trainJob } from './trainJob';

/** What a worker runs unless told otherwise. */
export const defaultJobHandlers: JobHandlers = {
  train: trainJob,
  train_chunk: trainChunkJob,
  import: importJob,
  evaluate: evaluateJob,
  export: exportJob,
  deliver: deliverJob,
};
