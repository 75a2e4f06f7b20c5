'use client';

import Link from 'next/link';
import { ErrorState } from '@/components/ErrorState';
import { formatCount } from '@/components/format';
import { ProgressBar } from '@/components/ProgressBar';
import { useCancelJobMutation } from '@/hooks/useCancelJobMutation';
import type { useImportJobQuery } from '@/hooks/useImportJobQuery';
import type { UploadProgress } from '@/hooks/useStartImportMutation';
import { formatBytes } from './formatBytes';
import { ImportCounts, ImportErrors } from './ImportReport';
import styles from './import.module.css';

type ImportJob = ReturnType<typeof useImportJobQuery>;

export function UploadStatus({ progress, onCancel }: { progress: UploadProgress | null; onCancel: () => void }) {
  const loaded = progress?.loaded ?? 0;
  const total = progress?.total ?? 0;
  return (
    <div className={styles.status}>
      <h2>Uploading</h2>
      <ProgressBar
        label="Upload progress"
        percent={total > 0 ? (100 * loaded) / total : 0}
        detail={`${formatBytes(loaded)} of ${formatBytes(total)} sent`}
      />
      <div className={styles.actions}>
        <span className="muted small">
          {formatBytes(loaded)} of {formatBytes(total)} sent
        </span>
        <button type="button" onClick={onCancel}>
          Cancel upload
        </button>
      </div>
    </div>
  );
}

/** The import job after the upload: waiting, progress, then what was imported or why nothing was. */
export function JobStatus({ job, onSkipInvalid }: { job: ImportJob; onSkipInvalid: (() => void) | null }) {
  const cancel = useCancelJobMutation();
  if (job.isError)
    return <ErrorState error={job.error} title="Could not follow the import" onRetry={() => job.refetch()} />;
  const data = job.data;
  if (data && data.type !== 'import') {
    return (
      <ErrorState error={new Error(`Job ${data.id} is a ${data.type} job, not an import`)} title="No import to show" />
    );
  }
  if (!data || data.status === 'queued' || data.status === 'running') {
    const waiting = !data || data.status === 'queued';
    return (
      <div className={styles.status}>
        <h2>Importing</h2>
        <ProgressBar
          label="Import progress"
          percent={data?.percent ?? 0}
          detail={waiting ? 'waiting for a worker' : data.stage}
        />
        <p className="muted small">
          {waiting
            ? `Uploaded. Job ${data?.id ?? ''} is waiting for a worker (npm start runs one).`
            : `Job ${data.id}: ${data.stage ?? 'starting'}. Nothing is visible until every file is in.`}
        </p>
        {data && !data.cancelAsked ? (
          <div className={styles.actions}>
            <button type="button" onClick={() => cancel.mutate(data.id)} disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel import'}
            </button>
          </div>
        ) : null}
        {data?.cancelAsked ? <p className="muted small">Cancelling: the import stops and writes nothing.</p> : null}
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
        <h2>Imported into “{report.datasetName}”</h2>
        <p role="status">
          {added === undefined ? 'The files were imported.' : `${formatCount(added)} events added.`}
          {report.errorCount > 0
            ? ` ${formatCount(report.errorCount)} invalid ${report.errorCount === 1 ? 'row was' : 'rows were'} skipped.`
            : ''}
        </p>
        <ImportCounts report={report} jobId={data.id} />
        {report.errorCount > 0 ? <ImportErrors report={report} /> : null}
        {report.datasetId !== null ? (
          <p className="small">
            <Link href={`/?dataset=${report.datasetId}`}>Open the overview of {report.datasetName}</Link>, then retrain
            it on the <Link href={`/admin?dataset=${report.datasetId}`}>Admin screen</Link> to update its segments.
          </p>
        ) : null}
      </div>
    );
  }
  // a file that cannot be used at all (a missing column, a limit, not UTF-8): skipping rows does not help
  const unusable = report?.files.some((file) => file.errorCount > file.rejected) ?? false;
  return (
    <div className={styles.status}>
      <h2>Nothing was imported</h2>
      <p role="alert" className="error">
        {report && unusable
          ? `${report.errors[0]?.file ?? 'A file'} could not be used${report.errors[0] ? ` (line ${report.errors[0].line}: ${report.errors[0].reason})` : ''}. Fix the file and upload it again.`
          : report && report.errorCount > 0
            ? `${formatCount(report.errorCount)} ${report.errorCount === 1 ? 'row' : 'rows'} could not be read, so nothing was written. Fix ${report.errorCount === 1 ? 'it' : 'them'} and upload again, or skip invalid rows.`
            : (data.error ?? `The import ${data.status === 'cancelled' ? 'was cancelled' : 'failed'}.`)}
      </p>
      {report && report.errors.length > 0 ? <ImportErrors report={report} /> : null}
      {onSkipInvalid && report && report.errorCount > 0 && !report.skipInvalid && !unusable ? (
        <div className={styles.actions}>
          <button type="button" className="primary" onClick={onSkipInvalid}>
            Import the good rows, skip the bad ones
          </button>
        </div>
      ) : null}
    </div>
  );
}
