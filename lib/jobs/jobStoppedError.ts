export type StopReason = 'cancelled' | 'timeout' | 'lost' | 'shutdown';

const messages: Record<StopReason, string> = {
  cancelled: 'Cancelled on request',
  timeout: 'Stopped: the job ran past its time limit',
  lost: 'Stopped: another worker or the sweeper has taken this job over',
  shutdown: 'Stopped: the worker is shutting down',
};

/** Thrown from a job's progress callback to unwind it: the work that called it must not finish. */
export class JobStoppedError extends Error {
  /** read by isStopRequest, so the training stages pass it on rather than report it as their failure */
  readonly stopsRun = true;

  constructor(readonly reason: StopReason) {
    super(messages[reason]);
    this.name = 'JobStoppedError';
  }
}
