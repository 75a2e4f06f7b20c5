'use client';

import { useTranslations } from 'next-intl';
import { ElapsedAndEstimate } from '@/components/ElapsedAndEstimate';
import { timeAgo } from '@/components/format';
import { ProgressBar } from '@/components/ProgressBar';
import type { Translate } from '@/components/personaText';
import { useServerText } from '@/components/useServerText';
import { useCancelJobMutation } from '@/hooks/useCancelJobMutation';
import type { JobView } from '@/lib/jobs/listJobs';
import styles from './admin.module.css';
import { JobLog } from './JobLog';
import { jobText } from './jobText';

/** Workers beat every 5 s by default; three missed beats are worth a word. */
const silentWarningSec = 15;

function ActiveJob({ job }: { job: JobView }) {
  const t = useTranslations('Admin.jobs');
  const words = jobText(t as unknown as Translate);
  const serverText = useServerText();
  const cancel = useCancelJobMutation();
  const title = words.title(job);
  const settings = words.settings(job);
  const cancellable = !job.cancelAsked;
  const stage = job.stage ? serverText(job.stage) : null;
  return (
    <li className={styles.jobCard}>
      <div className={styles.jobHead}>
        <h3>{title}</h3>
        <span className={`status status-running`}>{words.status(job)}</span>
        <span className="muted small">
          {settings ? `${settings} · ` : ''}
          {t('byQueued', { by: job.createdBy ?? t('system'), ago: timeAgo(job.createdAt) })}
          {job.attempts > 1 ? ` · ${t('attempt', { attempt: job.attempts, of: job.maxAttempts })}` : ''}
        </span>
        {cancellable ? (
          <button
            type="button"
            onClick={() => cancel.mutate(job.id)}
            disabled={cancel.isPending}
            aria-label={t('cancelLabel', { title })}
          >
            {cancel.isPending ? t('cancelling') : t('cancel')}
          </button>
        ) : null}
      </div>
      {job.status === 'running' ? (
        <>
          <ProgressBar label={t('progressOf', { title })} percent={job.percent} detail={stage} />
          <ElapsedAndEstimate startedAt={job.startedAt} percent={job.percent} />
        </>
      ) : (
        <p className="muted small">{stage ? t('waitingStage', { stage }) : t('waiting')}</p>
      )}
      <p className="small">
        <span className="muted">{t('stage')}</span> {stage ?? t('notStarted')}
        {job.lastLog ? (
          <>
            {' '}
            · <span className="muted">{t('latest')}</span> {serverText(job.lastLog)}
          </>
        ) : null}
      </p>
      {job.silentForSec !== null && job.silentForSec > silentWarningSec ? (
        <p role="status" className="warning small">
          {t('silent', { seconds: job.silentForSec, attempts: job.attempts, max: job.maxAttempts })}
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
  const t = useTranslations('Admin.jobs');
  if (jobs.length === 0) return <p className="muted">{t('noneActive')}</p>;
  return (
    <ul className={styles.jobList} aria-label={t('activeList')}>
      {jobs.map((job) => (
        <ActiveJob key={job.id} job={job} />
      ))}
    </ul>
  );
}
