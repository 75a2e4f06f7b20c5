import type pg from 'pg';
import type { EncodedEventChunk } from './encodeEventChunk';
import type { SourceRecord } from './fieldSource';

/** What a file's rows turn into: counts kept per batch. */
export interface SinkCounts {
  inserted: number;
  /** users and items: of `inserted`, ids the dataset already had (not as stubs), their fields updated */
  updated?: number;
  duplicates: number;
  /** what the user should know about how the file was read (a column typed as text by a stray value) */
  notes?: string[];
  stubUsers: number;
  stubItems: number;
}

export interface SinkContext {
  client: pg.PoolClient;
  datasetId: number;
  batchId: number;
}

/**
 * Receives one file's cleaned rows inside the import transaction. `accept` throws RowError for a
 * bad row. `merge` sends what is staged onward (to the dataset's tables, or for events to the
 * table they are loaded in until `finish`); it must take the staged rows synchronously before its
 * first await, so the next rows can be read while it runs.
 */
export interface ImportSink {
  readonly counts: SinkCounts;
  create(): Promise<void>;
  /** cleans the record, and stages it when `stageIt` (false once a strict import has failed) */
  accept(record: SourceRecord, stageIt: boolean): void;
  /** events only: stages rows other threads read and encoded (readEventsInThreads) */
  acceptEncoded?(encoded: EncodedEventChunk): void;
  /** events only: about how many rows the file has, known once its first chunk is read */
  expectRows?(rows: number): void;
  /** true when enough rows are staged to merge before the file ends */
  wantsMerge(): boolean;
  merge(): Promise<void>;
  /** the last merge, then the rows go into the dataset and the staging table is dropped */
  finish(): Promise<void>;
}
