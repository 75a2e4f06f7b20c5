import { formatDateTime, formatDuration, formatScore } from '@/components/format';
import type { JobView, SegmentMetrics } from '@/lib/jobs/listJobs';
import styles from './admin.module.css';
import { JobLog } from './JobLog';
import { JobResult } from './JobResult';
import { jobSettings, jobTitle } from './jobText';

type Direction = 'higher' | 'lower';

/** A metric with its change from the previous run, coloured by whether the change is an improvement. */
function MetricChange({
  value,
  change,
  digits,
  better,
}: {
  value: number | null;
  change: number | null | undefined;
  digits: number;
  better: Direction | null;
}) {
  if (value === null) return <>—</>;
  const shown = digits === 0 ? String(value) : formatScore(value, digits);
  if (change === null || change === undefined || Math.abs(change) < 10 ** -(digits + 1)) {
    return <>{shown}</>;
  }
  const improved = better === null ? null : change > 0 === (better === 'higher');
  const sign = change > 0 ? '+' : '−';
  const amount = digits === 0 ? String(Math.abs(change)) : formatScore(Math.abs(change), digits);
  return (
    <>
      {shown}{' '}
      <span className={improved === null ? 'muted' : improved ? styles.better : styles.worse}>
        ({sign}
        {amount}
        <span className="visually-hidden">{improved === null ? '' : improved ? ', better' : ', worse'}</span>)
      </span>
    </>
  );
}

function duration(job: JobView): number | null {
  if (!job.startedAt || !job.finishedAt) return null;
  return new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime();
}

function metricCells(metrics: SegmentMetrics | undefined, change: SegmentMetrics | null | undefined) {
  return (
    <>
      <td>
        <MetricChange value={metrics?.k ?? null} change={change?.k} digits={0} better={null} />
      </td>
      <td>
        <MetricChange value={metrics?.silhouette ?? null} change={change?.silhouette} digits={3} better="higher" />
      </td>
      <td>
        <MetricChange value={metrics?.daviesBouldin ?? null} change={change?.daviesBouldin} digits={3} better="lower" />
      </td>
    </>
  );
}

/**
 * Finished jobs, newest first; retrains show their run's clustering beside the previous run's,
 * evaluations their key metrics and exports a link to their file.
 */
export function JobHistory({ jobs }: { jobs: JobView[] }) {
  if (jobs.length === 0) return <p className="muted">No finished jobs yet.</p>;
  return (
    <div className="table-scroll">
      <table className="compact">
        <caption className="visually-hidden">
          Finished jobs with each retrain's segments (k), silhouette and Davies-Bouldin index over all profiled users,
          and in brackets the change from the run before it
        </caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Started by</th>
            <th scope="col">Finished</th>
            <th scope="col">Took</th>
            <th scope="col">Segments</th>
            <th scope="col">Silhouette</th>
            <th scope="col">Davies-Bouldin</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                {jobTitle(job)}
                {jobSettings(job) ? <div className="muted small">{jobSettings(job)}</div> : null}
              </th>
              <td>
                <span className={`status status-${job.status}`}>{job.status}</span>
                {job.run?.active ? (
                  <>
                    {' '}
                    <span className="badge">active run</span>
                  </>
                ) : null}
              </td>
              <td>{job.createdBy ?? 'system'}</td>
              <td className="nowrap">{formatDateTime(job.finishedAt)}</td>
              <td className="nowrap">{formatDuration(duration(job))}</td>
              {metricCells(job.run?.metrics, job.run?.change)}
              <td>
                {job.error ? <p className={styles.errorText}>{job.error}</p> : null}
                <JobResult job={job} />
                {job.run ? (
                  <p className="muted small">
                    Run #{job.run.id}
                    {job.run.previous ? ` vs #${job.run.previous.id}` : ''}
                  </p>
                ) : null}
                <JobLog jobId={job.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
