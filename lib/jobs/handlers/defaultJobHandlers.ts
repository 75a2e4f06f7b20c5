import type { JobHandlers } from '../jobHandler';
import { evaluateJob } from './evaluateJob';
import { importJob } from './importJob';
import { trainJob } from './trainJob';

/** What a worker runs unless told otherwise. Export jobs have no handler yet, so they stay queued. */
export const defaultJobHandlers: JobHandlers = { train: trainJob, import: importJob, evaluate: evaluateJob };
