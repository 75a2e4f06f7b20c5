/** Where in a run an unexpected error happened: the stage, and the user or text when one caused it. */
export interface StageErrorContext {
  userId?: string;
  /** the text being analysed; shown shortened */
  text?: string;
}

const textShownChars = 80;

export function describeText(text: string): string {
  const visible = text.replace(/\p{Cc}/gu, ' ');
  const shown =
    visible.length > textShownChars ? `${visible.slice(0, textShownChars)}… (${text.length} characters)` : visible;
  return JSON.stringify(shown);
}

/**
 * An unexpected error inside a training stage, with the stage's name (and where it applies the
 * user or text) in front of the library's message, so a failed run says where to look.
 */
export class StageError extends Error {
  constructor(
    readonly stage: string,
    readonly cause: unknown,
    readonly context: StageErrorContext = {},
  ) {
    const where = [
      context.userId !== undefined ? `user ${context.userId}` : null,
      context.text !== undefined ? `text ${describeText(context.text)}` : null,
    ].filter(Boolean);
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`${stage}: ${message}${where.length ? ` (${where.join(', ')})` : ''}`);
    this.name = 'StageError';
  }
}

/** An error that asks the run to stop (its job was cancelled), not a failure of the stage it came from. */
export function isStopRequest(error: unknown): boolean {
  return error instanceof Error && (error as { stopsRun?: unknown }).stopsRun === true;
}

/** Runs one stage, naming it in any error that escapes (an error that already names a stage, or a stop request, is kept). */
export async function inStage<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StageError || isStopRequest(error)) throw error;
    throw new StageError(stage, error);
  }
}
