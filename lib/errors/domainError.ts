/**
 * What went wrong, in the domain's words: the HTTP layer (`route()` in lib/http/route.ts) turns
 * each kind into its status and the one error shape, and the CLI prints the message. Domain code
 * throws these and never an HTTP type.
 */
export type DomainErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'unprocessable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    /** machine-readable facts for the caller, e.g. the id of the job already running */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong (an unknown attribute, a format a resource does not have). */
export class BadInputError extends DomainError {
  readonly kind = 'bad_input';
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

/** The request is fine but the state forbids it now (a retrain already running, no trained run yet). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** Well-formed but cannot be done with this data. */
export class UnprocessableError extends DomainError {
  readonly kind = 'unprocessable';
}
