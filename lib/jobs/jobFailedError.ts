/**
 * Thrown by a job handler that failed with something to show for it (an import's line-numbered
 * errors): the job is marked failed with this message, and `result` is stored as its result.
 */
export class JobFailedError extends Error {
  constructor(
    message: string,
    readonly result: object,
  ) {
    super(message);
    this.name = 'JobFailedError';
  }
}
