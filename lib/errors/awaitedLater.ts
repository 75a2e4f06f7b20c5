/**
 * `promise`, started now to be awaited later (a read ahead, a write behind): its failure is thrown
 * where it is awaited, not reported meanwhile as an unhandled rejection.
 */
export function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
