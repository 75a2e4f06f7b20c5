import { RowError } from './fieldSource';
import { MAX_ID_LENGTH } from './limits';

/**
 * An id as given, or a RowError: longer than MAX_ID_LENGTH (it could not be looked up or erased
 * over HTTP) or holding a NUL (Postgres text cannot store it, and dropping it would merge
 * `a\u0000b` with `ab`).
 */
export function checkId(field: string, id: string): string {
  if (id.length > MAX_ID_LENGTH) {
    throw new RowError(`${field} is ${id.length} characters long; ids may have at most ${MAX_ID_LENGTH}`);
  }
  if (id.includes('\0')) throw new RowError(`${field} contains a NUL character (\\u0000)`);
  return id;
}
