/**
 * Waits for `work`, calling `checkpoint` every `everyMs` meanwhile: a stage that waits on a thread
 * calls no progress callback, so a cancel asked meanwhile was heard only once the thread was done.
 * Rejects with what `checkpoint` throws; the caller stops the thread.
 */
export async function awaitStoppable<T>(work: Promise<T>, checkpoint?: () => void, everyMs = 250): Promise<T> {
  if (!checkpoint) return work;
  checkpoint();
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    timer = setInterval(() => {
      try {
        checkpoint();
      } catch (error) {
        reject(error);
      }
    }, everyMs);
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearInterval(timer);
  }
}
