/** Most events one `POST /api/datasets/:id/events` request may carry (413 beyond it). */
export const MAX_EVENTS_PER_REQUEST = 10_000;

/** Largest request body the events endpoint reads (413 beyond it): 10,000 events of about 500 bytes. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Errors kept per file in a report; `errorCount` has them all. */
export const MAX_REPORTED_ERRORS = 100;

/** Events staged and merged per statement inside the import transaction. */
export const DEFAULT_CHUNK_ROWS = 100_000;

/** Rows per INSERT when COPY is unavailable (embedded PGlite). */
export const EMBEDDED_INSERT_ROWS = 5_000;

/** User and item ids an events import remembers having sent for stubs (about 60 MB each at most). */
export const MAX_SEEN_IDS = 1_000_000;
