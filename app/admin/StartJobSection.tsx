'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';
import { EvaluateForm } from './EvaluateForm';
import { ExportForm } from './ExportForm';
import { RetrainForm } from './RetrainForm';

/** One dataset, then a retrain, an evaluation or an export of it. */
export function StartJobSection({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.forms');
  const ids = { dataset: useId(), retrain: useId(), evaluate: useId(), export: useId() };
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0]?.id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  return (
    <>
      <div className={styles.form}>
        <div className={styles.field}>
          <label htmlFor={ids.dataset}>{t('dataset')}</label>
          <select id={ids.dataset} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
            {datasets.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
                {option.activeRun ? '' : t('notTrainedSuffix')}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={styles.jobForms}>
        <section aria-labelledby={ids.retrain}>
          <h3 id={ids.retrain}>{t('retrain')}</h3>
          <RetrainForm key={dataset.id} dataset={dataset} />
        </section>
        <section aria-labelledby={ids.evaluate}>
          <h3 id={ids.evaluate}>{t('evaluate')}</h3>
          <EvaluateForm key={dataset.id} dataset={dataset} />
        </section>
        <section aria-labelledby={ids.export}>
          <h3 id={ids.export}>{t('exportPersonas')}</h3>
          <ExportForm key={dataset.id} dataset={dataset} />
        </section>
      </div>
    </>
  );
}
