'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { formatCount } from '@/components/format';
import type { Translate } from '@/components/personaText';
import { useDeleteDatasetMutation } from '@/hooks/useDeleteDatasetMutation';
import { type ErasureView, useEraseUserMutation } from '@/hooks/useEraseUserMutation';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

function describeErasure(t: Translate, userId: string, erased: ErasureView): string {
  const d = erased.deleted;
  return t('erased', {
    user: userId,
    events: formatCount(d.events),
    attributes: formatCount(d.attributes),
    profiles: formatCount(d.profiles),
    scores: formatCount(d.scores),
    recommendations: formatCount(d.recommendations),
    mentions: formatCount(d.representativeMentions),
    ref: erased.userRef,
  });
}

function EraseUserForm({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.removal');
  const ids = { dataset: useId(), user: useId() };
  const erase = useEraseUserMutation();
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0].id);
  const [userId, setUserId] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dataset = datasets.find((candidate) => candidate.id === datasetId);
    if (!window.confirm(t('confirmErase', { user: userId, name: dataset?.name ?? '' }))) return;
    setDone(null);
    erase.mutate(
      { datasetId, userId },
      {
        onSuccess: (erased) => {
          setDone(describeErasure(t as unknown as Translate, userId, erased));
          setUserId('');
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label={t('eraseTitle')}>
      <div className={styles.field}>
        <label htmlFor={ids.dataset}>{t('dataset')}</label>
        <select id={ids.dataset} value={datasetId} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.user}>{t('userId')}</label>
        <input
          id={ids.user}
          required
          maxLength={MAX_ID_LENGTH}
          value={userId}
          spellCheck={false}
          onChange={(event) => setUserId(event.target.value)}
        />
      </div>
      <button type="submit" className={styles.danger} disabled={erase.isPending || userId.trim() === ''}>
        {erase.isPending ? t('erasing') : t('erase')}
      </button>
      {erase.isError ? (
        <p role="alert" className={styles.errorText}>
          {erase.error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="small">
          {done}
        </p>
      ) : null}
    </form>
  );
}

function DeleteDatasetForm({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.removal');
  const ids = { dataset: useId(), confirm: useId() };
  const remove = useDeleteDatasetMutation();
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0].id);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(dataset.id, {
      onSuccess: (deleted) => {
        setDone(t('deleted', { name: deleted.name, events: formatCount(deleted.events) }));
        setTyped('');
      },
    });
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label={t('deleteTitle')}>
      <div className={styles.field}>
        <label htmlFor={ids.dataset}>{t('dataset')}</label>
        <select id={ids.dataset} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {t('datasetOption', { name: candidate.name, events: formatCount(candidate.counts.events) })}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.confirm}>{t('typeName')}</label>
        <input id={ids.confirm} value={typed} spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
      </div>
      <button type="submit" className={styles.danger} disabled={remove.isPending || typed !== dataset.name}>
        {remove.isPending ? t('deleting') : t('delete')}
      </button>
      {remove.isError ? (
        <p role="alert" className={styles.errorText}>
          {remove.error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="small">
          {done}
        </p>
      ) : null}
    </form>
  );
}

/** Erasing one tracked user (a privacy request) and deleting a whole dataset; both audited. */
export function DataRemovalSection({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.removal');
  return (
    <>
      <div className={styles.subsection}>
        <h3>{t('eraseTitle')}</h3>
        <p className="muted small">{t('eraseHelp')}</p>
        <EraseUserForm datasets={datasets} initialId={initialId} />
      </div>
      <div className={styles.subsection}>
        <h3>{t('deleteTitle')}</h3>
        <p className="muted small">{t('deleteHelp')}</p>
        <DeleteDatasetForm datasets={datasets} initialId={initialId} />
      </div>
    </>
  );
}
