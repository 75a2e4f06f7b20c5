import { awaitedLater } from '@/lib/errors/awaitedLater';

export interface PartSteps<Read, Computed> {
  read(from: number, to: number): Promise<Read>;
  compute(part: Read, from: number, to: number): Promise<Computed>;
  write(computed: Computed, to: number): Promise<void>;
  /** asked once a part is read, before the next one is: false stops, still writing the parts computed before */
  goOn?(): Promise<boolean>;
}

/**
 * `count` things `partSize` at a time, [from, to) a part, in a pipeline: part k+1 is read while
 * part k is computed, and part k is written while part k+1 is computed, so the database's reading
 * and writing run beside this process's work. Writes are one at a time, in order; at most three
 * parts are held at once, whatever the count. A failed read or write is thrown here, not reported
 * meanwhile as an unhandled rejection.
 */
export async function pipelineInParts<Read, Computed>(
  count: number,
  partSize: number,
  steps: PartSteps<Read, Computed>,
): Promise<void> {
  const readPart = (from: number) => awaitedLater(steps.read(from, Math.min(count, from + partSize)));
  let next = count > 0 ? readPart(0) : null;
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < count; from += partSize) {
    const to = Math.min(count, from + partSize);
    const part = await (next as Promise<Read>);
    if (steps.goOn && !(await steps.goOn())) break;
    next = to < count ? readPart(to) : null;
    const computed = await steps.compute(part, from, to);
    await writing;
    writing = awaitedLater(steps.write(computed, to));
  }
  await writing;
}
