/**
 * SQLSTATE classes and codes that say "try again": the connection or the server went away, the
 * server is starting or shutting down, too many connections, a serialization failure or deadlock.
 * See https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const transientCodes = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03', '58000', '58030']);
const transientClasses = ['08'];
const transientSocketCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
const transientMessages = [/Connection terminated/i, /timeout exceeded when trying to connect/i];

/** Whether a job that failed with this error may succeed when it runs again as it is. */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (transientCodes.has(code) || transientSocketCodes.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && transientClasses.includes(code.slice(0, 2))) return true;
    }
    if (typeof message === 'string' && transientMessages.some((pattern) => pattern.test(message))) return true;
    current = cause;
  }
  return false;
}
