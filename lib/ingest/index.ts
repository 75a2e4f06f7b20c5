// The import module's public surface, for the CLI, the route handlers and the jobs worker.
export { cleanupStaleStaging } from './cleanupStaleStaging';
export { type ColumnMapping, parseColumnMapping, resolveColumnMapping } from './columnMapping';
export { importFiles } from './importFiles';
export {
  type IngestRecordsOptions,
  type IngestRecordsResult,
  IngestRequestError,
  ingestEventRecords,
} from './ingestEventRecords';
export { MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST, MAX_REPORTED_ERRORS } from './limits';
export type { BatchReport, ImportFilesOptions, ImportKind, ImportResult, ImportRowError } from './types';
