'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ErrorState } from '@/components/ErrorState';
import { formatCount } from '@/components/format';
import { ProgressBar } from '@/components/ProgressBar';
import { useServerText } from '@/components/useServerText';
import { useCancelJobMutation } from '@/hooks/useCancelJobMutation';
import type { useImportJobQuery } from '@/hooks/useImportJobQuery';
import type { UploadProgress } from '@/hooks/useStartImportMutation';
import { formatBytes } from './formatBytes';
import { ImportCounts, ImportErrors } from './ImportReport';
import styles from './import.module.css';

type ImportJob = ReturnType<typeof useImportJobQuery>;

export function UploadStatus({ progress, onCancel }: { progress: UploadProgress | null; onCancel: () => void }) {
  const t = useTranslations('ImportStatus');
  const loaded = progress?.loaded ?? 0;
  const total = progress?.total ?? 0;
  return (
    <div className={styles.status}>
      <h2>{t('uploading')}</h2>
      <ProgressBar
        label={t('uploadProgress')}
        percent={total > 0 ? (100 * loaded) / total : 0}
        detail={t('sent', { loaded: formatBytes(loaded), total: formatBytes(total) })}
      />
      <div className={styles.actions}>
        <span className="muted small">{t('sent', { loaded: formatBytes(loaded), total: formatBytes(total) })}</span>
        <button type="button" onClick={onCancel}>
          {t('cancelUpload')}
        </button>
      </div>
    </div>
  );
}

/** The import job after the upload: waiting, progress, then what was imported or why nothing was. */
export function JobStatus({ job, onSkipInvalid }: { job: ImportJob; onSkipInvalid: (() => void) | null }) {
  const t = useTranslations('ImportStatus');
  const serverText = useServerText();
  const cancel = useCancelJobMutation();
  if (job.isError) return <ErrorState error={job.error} title={t('couldNotFollow')} onRetry={() => job.refetch()} />;
  const data = job.data;
  if (data && data.type !== 'import') {
    return <ErrorState error={new Error(t('notImport', { id: data.id, type: data.type }))} title={t('noImport')} />;
  }
  if (!data || data.status === 'queued' || data.status === 'running') {
    const waiting = !data || data.status === 'queued';
    return (
      <div className={styles.status}>
        <h2>{t('importing')}</h2>
        <ProgressBar
          label={t('importProgress')}
          percent={data?.percent ?? 0}
          detail={waiting ? t('waitingWorker') : data.stage && serverText(data.stage)}
        />
        <p className="muted small">
          {waiting
            ? t('waiting', { id: data?.id ?? '' })
            : t('running', { id: data.id, stage: data.stage ? serverText(data.stage) : t('starting') })}
        </p>
        {data && !data.cancelAsked ? (
          <div className={styles.actions}>
            <button type="button" onClick={() => cancel.mutate(data.id)} disabled={cancel.isPending}>
              {cancel.isPending ? t('cancelling') : t('cancelImport')}
            </button>
          </div>
        ) : null}
        {data?.cancelAsked ? <p className="muted small">{t('cancelAsked')}</p> : null}
        {cancel.isError ? (
          <p role="alert" className="error small">
            {cancel.error.message}
          </p>
        ) : null}
      </div>
    );
  }
  const report = job.report;
  if (data.status === 'succeeded' && report) {
    const added = report.files.find((file) => file.kind === 'events')?.inserted;
    return (
      <div className={styles.status}>
        <h2>{t('imported', { name: report.datasetName })}</h2>
        <p role="status">
          {added === undefined ? t('filesImported') : t('eventsAdded', { count: added, shown: formatCount(added) })}
          {report.errorCount > 0
            ? t('skipped', { count: report.errorCount, shown: formatCount(report.errorCount) })
            : ''}
        </p>
        <ImportCounts report={report} jobId={data.id} />
        {report.errorCount > 0 ? <ImportErrors report={report} /> : null}
        {report.datasetId !== null ? (
          <p className="small">
            {t.rich('next', {
              name: report.datasetName,
              overview: (chunks) => <Link href={`/?dataset=${report.datasetId}`}>{chunks}</Link>,
              admin: (chunks) => <Link href={`/admin?dataset=${report.datasetId}`}>{chunks}</Link>,
            })}
          </p>
        ) : null}
      </div>
    );
  }
  // a file that cannot be used at all (a missing column, a limit, not UTF-8): skipping rows does not help
  const unusable = report?.files.some((file) => file.errorCount > file.rejected) ?? false;
  return (
    <div className={styles.status}>
      <h2>{t('nothing')}</h2>
      <p role="alert" className="error">
        {report && unusable
          ? report.errors[0]
            ? t('unusableLine', {
                file: report.errors[0].file,
                line: report.errors[0].line,
                reason: serverText(report.errors[0].reason),
              })
            : t('unusable', { file: t('aFile') })
          : report && report.errorCount > 0
            ? t('unreadable', { count: report.errorCount, shown: formatCount(report.errorCount) })
            : (data.error ?? (data.status === 'cancelled' ? t('cancelled') : t('failed')))}
      </p>
      {report && report.errors.length > 0 ? <ImportErrors report={report} /> : null}
      {onSkipInvalid && report && report.errorCount > 0 && !report.skipInvalid && !unusable ? (
        <div className={styles.actions}>
          <button type="button" className="primary" onClick={onSkipInvalid}>
            {t('importGood')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
