import type { Job } from './jobTypes';

export interface JobContext {
  /**
   * Records the stage and percent, and throws JobStoppedError when the job was cancelled, ran
   * past its time limit, was taken over by a sweeper, or the worker is stopping. Call it between
   * units of work whose callers unwind cleanly on a throw.
   */
  progress(stage: string, percent: number): void;
  /** like progress, but never throws: for callbacks that cannot throw (stream transforms) */
  report(stage: string, percent: number): void;
  /** throws like progress, without recording anything */
  checkpoint(): void;
  log(line: string): void;
  /**
   * For a job that waits on jobs it queued (a retrain's chunks): sweeps stale jobs, then claims
   * one queued job of these types and runs it on this worker; false when none was queued. Absent
   * outside a worker.
   */
  helpWith?(types: readonly string[]): Promise<boolean>;
}

/** Does one job's work and returns its result, which is stored on the job. */
export type JobHandler = (job: Job, context: JobContext) => Promise<object>;

export type JobHandlers = Partial<Record<string, JobHandler>>;
