'use client';

import { timeAgo } from '@/components/format';
import { ProgressBar } from '@/components/ProgressBar';
import { useCancelJobMutation } from '@/hooks/useCancelJobMutation';
import type { JobView } from '@/lib/jobs/listJobs';
import styles from './admin.module.css';
import { JobLog } from './JobLog';
import { jobSettings, jobTitle, statusLabel } from './jobText';

/** Workers beat every 5 s by default; three missed beats are worth a word. */
const silentWarningSec = 15;

function ActiveJob({ job }: { job: JobView }) {
  const cancel = useCancelJobMutation();
  const title = jobTitle(job);
  const cancellable = !job.cancelAsked;
  return (
    <li className={styles.jobCard}>
      <div className={styles.jobHead}>
        <h3>{title}</h3>
        <span className={`status status-running`}>{statusLabel(job)}</span>
        <span className="muted small">
          {jobSettings(job) ? `${jobSettings(job)} · ` : ''}
          by {job.createdBy ?? 'system'} · queued {timeAgo(job.createdAt)}
          {job.attempts > 1 ? ` · attempt ${job.attempts} of ${job.maxAttempts}` : ''}
        </span>
        {cancellable ? (
          <button
            type="button"
            onClick={() => cancel.mutate(job.id)}
            disabled={cancel.isPending}
            aria-label={`Cancel ${title}`}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      {job.status === 'running' ? (
        <ProgressBar label={`Progress of ${title}`} percent={job.percent} detail={job.stage} />
      ) : (
        <p className="muted small">Waiting for a worker{job.stage ? ` (${job.stage})` : ''}.</p>
      )}
      <p className="small">
        <span className="muted">Stage:</span> {job.stage ?? 'not started'}
        {job.lastLog ? (
          <>
            {' '}
            · <span className="muted">Latest:</span> {job.lastLog}
          </>
        ) : null}
      </p>
      {job.silentForSec !== null && job.silentForSec > silentWarningSec ? (
        <p role="status" className="warning small">
          No heartbeat from its worker for {job.silentForSec} s. If the worker stopped, another worker retries the job
          once the heartbeat is stale ({job.attempts} of {job.maxAttempts} attempts used).
        </p>
      ) : null}
      {cancel.isError ? (
        <p role="alert" className={styles.errorText}>
          {cancel.error.message}
        </p>
      ) : null}
      <JobLog jobId={job.id} />
    </li>
  );
}

export function ActiveJobs({ jobs }: { jobs: JobView[] }) {
  if (jobs.length === 0) return <p className="muted">No job is queued or running.</p>;
  return (
    <ul className={styles.jobList} aria-label="Queued and running jobs">
      {jobs.map((job) => (
        <ActiveJob key={job.id} job={job} />
      ))}
    </ul>
  );
}
