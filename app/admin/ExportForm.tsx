'use client';

import { type FormEvent, useId, useState } from 'react';
import { useStartExportMutation } from '@/hooks/useStartExportMutation';
import type { ExportFormat } from '@/lib/export/personaExport.types';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

const formats: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' },
  { value: 'md', label: 'Markdown' },
  { value: 'pdf', label: 'PDF' },
];

/** Queues an export of the dataset's personas in one format; the job history links the file. */
export function ExportForm({ dataset }: { dataset: DatasetSummary }) {
  const ids = { format: useId(), status: useId() };
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useStartExportMutation();
  const trained = dataset.activeRun !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ datasetId: dataset.id, format });
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-describedby={ids.status}
      aria-label={`Export the personas of ${dataset.name}`}
    >
      <div className={styles.field}>
        <label htmlFor={ids.format}>Format</label>
        <select id={ids.format} value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {formats.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary" disabled={start.isPending || !trained}>
        {start.isPending ? 'Queuing…' : 'Start export'}
      </button>
      <div id={ids.status} aria-live="polite" className={styles.formStatus}>
        {!trained ? (
          <p className="muted small">“{dataset.name}” has no trained run yet: retrain it first.</p>
        ) : start.isError ? (
          <p role="alert" className="error">
            {start.error.message}
          </p>
        ) : start.isSuccess ? (
          <p className="muted small">
            Queued as job {start.data.job.id}. Its file can be downloaded from the job history when it finishes.
          </p>
        ) : (
          <p className="muted small">
            The active run’s personas, without segments under the size floor or sensitive attributes. The export is
            written to the audit log.
          </p>
        )}
      </div>
    </form>
  );
}
