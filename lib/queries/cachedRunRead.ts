import type { RunRef } from './requireRun';

// Segment lists and persona details are read far more often than a run's outputs change, and
// building them costs a database round trip plus JSON work per request. They are kept per
// process under the dataset's state as just read: a new active run, a settings change (which
// can hide attributes) or a revision bump (erasure, assignment) gives a new key, so a change made
// through any process is seen by the next request. Bounded, oldest first out.
const cacheLimit = 512;
const cache = new Map<string, Promise<unknown>>();

function stateKey(run: RunRef): string {
  const { dataset } = run;
  return `${dataset.id}|${run.runId}|${dataset.revision}|${JSON.stringify(dataset.settings)}`;
}

export function cachedRunRead<T>(run: RunRef, name: string, load: () => Promise<T>): Promise<T> {
  const key = `${stateKey(run)}|${name}`;
  let value = cache.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
    if (cache.size > cacheLimit) cache.delete(cache.keys().next().value as string);
  }
  return value;
}
