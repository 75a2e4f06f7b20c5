'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { Skeleton } from '@/components/Skeleton';
import { useJobQuery } from '@/hooks/useJobQuery';
import styles from './admin.module.css';

/** The job's log, fetched when opened, and followed while the job runs. */
export function JobLog({ jobId }: { jobId: number }) {
  const t = useTranslations('Admin.jobs');
  const [open, setOpen] = useState(false);
  const job = useJobQuery(jobId, open);
  return (
    <details onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('log')}</summary>
      {!open ? null : job.isPending ? (
        <Skeleton height={60} />
      ) : job.isError ? (
        <ErrorState error={job.error} title={t('couldNotLoadLog')} onRetry={() => job.refetch()} />
      ) : (
        <pre className={styles.log}>{job.data.log.join('\n') || t('nothingLogged')}</pre>
      )}
    </details>
  );
}
