'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { useStartExportMutation } from '@/hooks/useStartExportMutation';
import type { ExportFormat } from '@/lib/export/personaExport.types';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';
import { QueuedJobStatus } from './QueuedJobStatus';

const formats: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' },
  { value: 'md', label: 'Markdown' },
  { value: 'pdf', label: 'PDF' },
];

/** Queues an export of the dataset's personas in one format; the job history links the file. */
export function ExportForm({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Admin.forms');
  // the file is written in the language of the screen that asked for it
  const locale = useLocale();
  const ids = { format: useId(), status: useId() };
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useStartExportMutation();
  const trained = dataset.activeRun !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ datasetId: dataset.id, format, locale });
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-describedby={ids.status}
      aria-label={t('exportLabel', { name: dataset.name })}
    >
      <div className={styles.field}>
        <label htmlFor={ids.format}>{t('format')}</label>
        <select id={ids.format} value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {formats.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary" disabled={start.isPending || !trained}>
        {start.isPending ? t('queuing') : t('startExport')}
      </button>
      <QueuedJobStatus
        id={ids.status}
        datasetName={dataset.name}
        trained={trained}
        start={start}
        afterQueued={t('exportQueued')}
        hint={t('exportHint')}
      />
    </form>
  );
}
