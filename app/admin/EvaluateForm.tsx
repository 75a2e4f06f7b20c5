'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { useDatasetSettingsQuery } from '@/hooks/useDatasetSettingsQuery';
import { useStartEvaluationMutation } from '@/hooks/useStartEvaluationMutation';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';
import { QueuedJobStatus } from './QueuedJobStatus';

/** Queues an evaluation of the dataset's active run, optionally against truth attributes. */
export function EvaluateForm({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Admin.forms');
  const ids = { status: useId() };
  const settings = useDatasetSettingsQuery(dataset.id);
  const [truth, setTruth] = useState<string[]>([]);
  const start = useStartEvaluationMutation();
  const trained = dataset.activeRun !== null;
  // sensitive attributes are never shown, so they are not offered as a truth either
  const candidates = settings.data?.attributes.filter((attribute) => !attribute.sensitive) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ datasetId: dataset.id, truthAttributes: truth });
  };
  const toggle = (name: string, checked: boolean) =>
    setTruth((current) => (checked ? [...current, name] : current.filter((other) => other !== name)));

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-describedby={ids.status}
      aria-label={t('evaluateLabel', { name: dataset.name })}
    >
      {candidates.length > 0 ? (
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('compareWith')}</legend>
          <div className={styles.choices}>
            {candidates.map((attribute) => (
              <label key={attribute.name}>
                <input
                  type="checkbox"
                  checked={truth.includes(attribute.name)}
                  onChange={(event) => toggle(attribute.name, event.target.checked)}
                />
                {attribute.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : settings.isError ? (
        <p className={styles.errorText}>{t('couldNotListAttributes', { message: settings.error.message })}</p>
      ) : null}
      <button type="submit" className="primary" disabled={start.isPending || !trained}>
        {start.isPending ? t('queuing') : t('startEvaluation')}
      </button>
      <QueuedJobStatus
        id={ids.status}
        datasetName={dataset.name}
        trained={trained}
        start={start}
        afterQueued={t('evaluationQueued')}
        hint={t('evaluationHint')}
      />
    </form>
  );
}
