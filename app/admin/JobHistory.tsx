import { useTranslations } from 'next-intl';
import { formatDateTime, formatDuration, formatScore } from '@/components/format';
import type { Translate } from '@/components/personaText';
import { useServerText } from '@/components/useServerText';
import type { JobView, SegmentMetrics } from '@/lib/jobs/listJobs';
import styles from './admin.module.css';
import { JobLog } from './JobLog';
import { JobResult } from './JobResult';
import { jobText } from './jobText';

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
  const t = useTranslations('Admin.jobs');
  if (value === null) return <>—</>;
  const shown = digits === 0 ? String(value) : formatScore(value, digits);
  // a change that rounds to zero at the digits shown is no change ("−0.000, worse" said otherwise)
  if (change === null || change === undefined || Math.abs(change) < 0.5 * 10 ** -digits) {
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
        <span className="visually-hidden">{improved === null ? '' : improved ? t('better') : t('worse')}</span>)
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
  const t = useTranslations('Admin.jobs');
  const words = jobText(t as unknown as Translate);
  const serverText = useServerText();
  if (jobs.length === 0) return <p className="muted">{t('noneFinished')}</p>;
  return (
    <div className="table-scroll">
      <table className="compact">
        <caption className="visually-hidden">{t('historyCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('job')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('startedBy')}</th>
            <th scope="col">{t('finished')}</th>
            <th scope="col">{t('took')}</th>
            <th scope="col">{t('segments')}</th>
            <th scope="col">{t('silhouette')}</th>
            <th scope="col">{t('daviesBouldin')}</th>
            <th scope="col">{t('details')}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                {words.title(job)}
                {words.settings(job) ? <div className="muted small">{words.settings(job)}</div> : null}
              </th>
              <td>
                <span className={`status status-${job.status}`}>{words.status(job)}</span>
                {job.run?.active ? (
                  <>
                    {' '}
                    <span className="badge">{t('activeRun')}</span>
                  </>
                ) : null}
              </td>
              <td>{job.createdBy ?? t('system')}</td>
              <td className="nowrap">{formatDateTime(job.finishedAt)}</td>
              <td className="nowrap">{formatDuration(duration(job))}</td>
              {metricCells(job.run?.metrics, job.run?.change)}
              <td>
                {job.error ? <p className={styles.errorText}>{serverText(job.error)}</p> : null}
                <JobResult job={job} />
                {job.run ? (
                  <p className="muted small">
                    {job.run.previous
                      ? t('runVs', { id: job.run.id, previous: job.run.previous.id })
                      : t('run', { id: job.run.id })}
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
