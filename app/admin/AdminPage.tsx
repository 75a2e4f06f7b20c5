'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { NoDatasetState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { datasetsKey } from '@/hooks/useDatasetsQuery';
import { isActiveJob, useJobsQuery } from '@/hooks/useJobsQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import type { JobView } from '@/lib/jobs/listJobs';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { AccountsSection } from './AccountsSection';
import { ActiveJobs } from './ActiveJobs';
import { AdminTabs } from './AdminTabs';
import { ApiKeysSection } from './ApiKeysSection';
import { AuditLogSection } from './AuditLogSection';
import styles from './admin.module.css';
import type { AdminTab } from './adminTabs';
import { DataRemovalSection } from './DataRemovalSection';
import { DatasetSettingsSection } from './DatasetSettingsSection';
import { GoalsSection } from './GoalsSection';
import { JobHistory } from './JobHistory';
import { ScheduleEditor } from './ScheduleEditor';
import { StartJobSection } from './StartJobSection';

/** When a job this screen saw running has finished, the other screens' data may have changed. */
function useRefreshWhenJobsFinish(jobs: JobView[] | undefined) {
  const client = useQueryClient();
  const active = useRef(new Set<number>());
  useEffect(() => {
    if (!jobs) return;
    const finished = jobs.some((job) => active.current.has(job.id) && !isActiveJob(job));
    active.current = new Set(jobs.filter(isActiveJob).map((job) => job.id));
    if (finished) {
      client.invalidateQueries({ queryKey: datasetsKey });
      client.invalidateQueries({ queryKey: ['runs'] });
    }
  }, [jobs, client]);
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * The admin screen's reads are admin-only: other roles get a clear message instead of failing
 * requests. `datasetParam` (?dataset=) is the dataset of the screen the user came from, chosen in
 * every form.
 */
export function AdminPage({ tab, datasetParam }: { tab: AdminTab; datasetParam?: string }) {
  const t = useTranslations('Admin');
  const session = useSessionQuery();
  if (session.isPending) {
    return (
      <LoadingRegion label={t('checkingRole')}>
        <Skeleton height={90} />
      </LoadingRegion>
    );
  }
  if (session.data?.role !== 'admin') {
    return (
      <>
        <PageHeader title={t('title')} />
        <div className="panel empty-state">
          <h2>{t('adminsOnly')}</h2>
          <p>
            {session.data
              ? t('signedInAs', { email: session.data.email, role: session.data.role })
              : t.rich('signInAsAdmin', { link: (chunks) => <a href="/signin">{chunks}</a> })}
          </p>
        </div>
      </>
    );
  }
  return <AdminScreen tab={tab} datasetParam={datasetParam} />;
}

function AdminScreen({ tab, datasetParam }: { tab: AdminTab; datasetParam?: string }) {
  const t = useTranslations('Admin');
  const { datasets, dataset: selected } = useSelectedDataset(datasetParam);
  const initialId = selected?.id;
  const jobs = useJobsQuery();
  useRefreshWhenJobsFinish(jobs.data);

  if (datasets.isError)
    return <ErrorState error={datasets.error} title={t('couldNotLoadDatasets')} onRetry={() => datasets.refetch()} />;
  const hasDatasets = datasets.data !== undefined && datasets.data.length > 0;
  const noDatasets = datasets.isPending ? (
    <LoadingRegion label={t('loadingDatasets')}>
      <Skeleton height={90} />
    </LoadingRegion>
  ) : (
    <NoDatasetState />
  );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <AdminTabs current={tab} datasetId={datasetParam ? selected?.id : undefined} />
      {tab === 'jobs' ? (
        <JobsTab datasets={datasets.data} jobs={jobs} initialId={initialId} />
      ) : tab === 'users' ? (
        <Section id="accounts-heading" title={t('accountsTitle')}>
          <AccountsSection />
        </Section>
      ) : tab === 'api-keys' ? (
        hasDatasets ? (
          <Section id="api-keys-heading" title={t('apiKeysTitle')}>
            <ApiKeysSection datasets={datasets.data} initialId={initialId} />
          </Section>
        ) : (
          noDatasets
        )
      ) : tab === 'goals' ? (
        hasDatasets ? (
          <Section id="goals-heading" title={t('goalsTitle')}>
            <GoalsSection datasets={datasets.data} initialId={initialId} />
          </Section>
        ) : (
          noDatasets
        )
      ) : tab === 'audit' ? (
        <Section id="audit-heading" title={t('auditLog')}>
          <AuditLogSection />
        </Section>
      ) : hasDatasets ? (
        <>
          <Section id="settings-heading" title={t('datasetSettings')}>
            <DatasetSettingsSection datasets={datasets.data} initialId={initialId} />
          </Section>
          <Section id="removal-heading" title={t('dataRemoval')}>
            <DataRemovalSection datasets={datasets.data} initialId={initialId} />
          </Section>
        </>
      ) : (
        noDatasets
      )}
    </>
  );
}

function JobsTab({
  datasets,
  jobs,
  initialId,
}: {
  datasets: DatasetSummary[] | undefined;
  jobs: ReturnType<typeof useJobsQuery>;
  initialId?: number;
}) {
  const t = useTranslations('Admin');
  const active = jobs.data?.filter(isActiveJob) ?? [];
  // A retried job finishes long after later jobs were queued: history reads by finish time.
  const finished = (jobs.data?.filter((job) => !isActiveJob(job)) ?? []).sort((a, b) =>
    (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt),
  );
  return (
    <>
      {datasets === undefined ? (
        <LoadingRegion label={t('loadingDatasets')}>
          <Skeleton height={90} />
        </LoadingRegion>
      ) : datasets.length === 0 ? (
        <NoDatasetState />
      ) : (
        <Section id="start-job-heading" title={t('startJob')}>
          <StartJobSection datasets={datasets} initialId={initialId} />
        </Section>
      )}
      <Section id="active-heading" title={t('runningAndQueued')}>
        {jobs.isPending ? (
          <LoadingRegion label={t('loadingJobs')}>
            <Skeleton height={80} />
          </LoadingRegion>
        ) : jobs.isError ? (
          <ErrorState error={jobs.error} title={t('couldNotLoadJobs')} onRetry={() => jobs.refetch()} />
        ) : (
          <ActiveJobs jobs={active} />
        )}
      </Section>
      <Section id="history-heading" title={t('jobHistory')}>
        {jobs.isPending ? <Skeleton height={120} /> : jobs.isError ? null : <JobHistory jobs={finished} />}
      </Section>
      {datasets && datasets.length > 0 ? (
        <Section id="schedule-heading" title={t('schedules')}>
          <p className="muted small">{t.rich('schedulesHelp', { code: (chunks) => <code>{chunks}</code> })}</p>
          <ul className={styles.scheduleList}>
            {datasets.map((dataset) => (
              <li key={dataset.id}>
                <ScheduleEditor dataset={dataset} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </>
  );
}
