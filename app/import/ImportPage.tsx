'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useDatasetsQuery } from '@/hooks/useDatasetsQuery';
import { useImportJobQuery } from '@/hooks/useImportJobQuery';
import { isActiveJob } from '@/hooks/useJobsQuery';
import { type SessionAccount, useSessionQuery } from '@/hooks/useSessionQuery';
import { type ImportUpload, importKinds, useStartImportMutation } from '@/hooks/useStartImportMutation';
import { combineMappings } from './combineMappings';
import { type ImportDraft, ImportForm } from './ImportForm';
import { JobStatus, UploadStatus } from './ImportStatus';

function NeedsAdmin({ account }: { account: SessionAccount | null }) {
  const t = useTranslations('Import');
  const role = useTranslations('Account');
  return (
    <EmptyState title={t('needsAdmin')}>
      {account ? (
        <p>{t('signedInAs', { email: account.email, role: role('role', { role: account.role }) })}</p>
      ) : (
        <p>{t.rich('notSignedIn', { link: (chunks) => <a href="/signin">{chunks}</a> })}</p>
      )}
    </EmptyState>
  );
}

interface ImportPageProps {
  datasetParam?: string;
  /** `?job=<id>`: the import this page started, so a reload keeps following it */
  jobParam: number | null;
  maxFileBytes: number;
}

function ImportWorkspace({ datasetParam, jobParam, maxFileBytes }: ImportPageProps) {
  const t = useTranslations('Import');
  const common = useTranslations('Common');
  const datasets = useDatasetsQuery();
  const { mutation, progress, cancel } = useStartImportMutation();
  const [draft, setDraft] = useState<ImportDraft>({ dataset: '', skipInvalid: false, files: {}, mappings: {} });
  const [jobId, setJobId] = useState<number | null>(jobParam);
  const job = useImportJobQuery(jobId);

  // ?dataset=<id> (from the other screens' links) names the dataset to add to, once
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !datasets.data) return;
    prefilled.current = true;
    const named = datasets.data.find((dataset) => String(dataset.id) === datasetParam);
    if (named) setDraft((current) => (current.dataset ? current : { ...current, dataset: named.name }));
  }, [datasets.data, datasetParam]);

  const start = (draftToSend: ImportDraft) => {
    setJobId(null);
    const chosen = importKinds.filter((kind) => draftToSend.files[kind]);
    const upload: ImportUpload = {
      dataset: draftToSend.dataset,
      skipInvalid: draftToSend.skipInvalid,
      files: draftToSend.files,
      mapping: combineMappings(Object.fromEntries(chosen.map((kind) => [kind, draftToSend.mappings[kind]]))).mapping,
    };
    mutation.mutate(upload, {
      onSuccess: ({ job: queued }) => {
        setJobId(queued.id);
        const url = new URL(window.location.href);
        url.searchParams.set('job', String(queued.id));
        window.history.replaceState(null, '', url);
      },
    });
  };
  const importing = jobId !== null && (!job.data || isActiveJob(job.data));
  const busy = mutation.isPending || importing;

  return (
    <>
      <section className="panel" aria-labelledby="import-files-heading">
        <h2 id="import-files-heading">{t('filesToImport')}</h2>
        {datasets.isError ? (
          <ErrorState
            error={datasets.error}
            title={common('couldNotLoadDatasets')}
            onRetry={() => datasets.refetch()}
          />
        ) : null}
        <ImportForm
          draft={draft}
          onChange={setDraft}
          onSubmit={() => start(draft)}
          datasets={datasets.data ?? []}
          maxFileBytes={maxFileBytes}
          busy={busy}
        />
      </section>
      {mutation.isIdle && jobId === null ? null : (
        <section className="panel" aria-label={t('status')}>
          {mutation.isPending ? (
            <UploadStatus progress={progress} onCancel={cancel} />
          ) : mutation.isError ? (
            <div role="alert" className="error">
              {t.rich('uploadFailed', {
                strong: (chunks) => <strong>{chunks}</strong>,
                message: mutation.error.message,
              })}
            </div>
          ) : (
            <JobStatus
              job={job}
              onSkipInvalid={() => {
                const retry = { ...draft, skipInvalid: true };
                setDraft(retry);
                start(retry);
              }}
            />
          )}
        </section>
      )}
    </>
  );
}

/** Upload events, items and users files into a new or existing dataset, and follow the import job. */
export function ImportPage(props: ImportPageProps) {
  const t = useTranslations('Import');
  const common = useTranslations('Common');
  const session = useSessionQuery();
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {session.isPending ? (
        <LoadingRegion label={common('loading')}>
          <Skeleton height={360} />
        </LoadingRegion>
      ) : session.isError ? (
        <ErrorState error={session.error} title={t('couldNotCheckRole')} onRetry={() => session.refetch()} />
      ) : session.data?.role === 'admin' ? (
        <ImportWorkspace {...props} />
      ) : (
        <NeedsAdmin account={session.data} />
      )}
    </>
  );
}
