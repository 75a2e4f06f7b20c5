import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import styles from './admin.module.css';

interface QueuedJobStatusProps {
  id: string;
  datasetName: string;
  trained: boolean;
  start: { isError: boolean; error: Error | null; isSuccess: boolean; data?: { job: { id: number } } };
  /** what happens to the job once queued, after "Queued as job N." */
  afterQueued: string;
  /** what the job does, shown before it is started */
  hint: ReactNode;
}

/** The status line under a start-a-job form on a trained dataset: refusal, queued job, or what it will do. */
export function QueuedJobStatus({ id, datasetName, trained, start, afterQueued, hint }: QueuedJobStatusProps) {
  const t = useTranslations('Admin.forms');
  return (
    <div id={id} aria-live="polite" className={styles.formStatus}>
      {!trained ? (
        <p className="muted small">{t('notTrained', { name: datasetName })}</p>
      ) : start.isError ? (
        <p role="alert" className="error">
          {start.error?.message}
        </p>
      ) : start.isSuccess && start.data ? (
        <p className="muted small">
          {t('queued', { id: start.data.job.id })} {afterQueued}
        </p>
      ) : (
        <p className="muted small">{hint}</p>
      )}
    </div>
  );
}
