'use client';

import { type FormEvent, useId, useState } from 'react';
import { formatCount } from '@/components/format';
import { useDeleteDatasetMutation } from '@/hooks/useDeleteDatasetMutation';
import { type ErasureView, useEraseUserMutation } from '@/hooks/useEraseUserMutation';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

function describeErasure(userId: string, erased: ErasureView): string {
  const d = erased.deleted;
  return (
    `Erased ${userId}: ${formatCount(d.events)} events, ${formatCount(d.attributes)} attributes, ` +
    `${formatCount(d.profiles)} profiles, ${formatCount(d.scores)} scores, ${formatCount(d.recommendations)} ` +
    `recommendations, ${formatCount(d.representativeMentions)} persona mentions. Audited as ${erased.userRef}.`
  );
}

function EraseUserForm({ datasets }: { datasets: DatasetSummary[] }) {
  const ids = { dataset: useId(), user: useId() };
  const erase = useEraseUserMutation();
  const [datasetId, setDatasetId] = useState(datasets[0].id);
  const [userId, setUserId] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dataset = datasets.find((candidate) => candidate.id === datasetId);
    if (!window.confirm(`Erase user "${userId}" from ${dataset?.name}? This cannot be undone.`)) return;
    setDone(null);
    erase.mutate(
      { datasetId, userId },
      {
        onSuccess: (erased) => {
          setDone(describeErasure(userId, erased));
          setUserId('');
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Erase a tracked user">
      <div className={styles.field}>
        <label htmlFor={ids.dataset}>Dataset</label>
        <select id={ids.dataset} value={datasetId} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.user}>User id</label>
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
        {erase.isPending ? 'Erasing…' : 'Erase user'}
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

function DeleteDatasetForm({ datasets }: { datasets: DatasetSummary[] }) {
  const ids = { dataset: useId(), confirm: useId() };
  const remove = useDeleteDatasetMutation();
  const [datasetId, setDatasetId] = useState(datasets[0].id);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(dataset.id, {
      onSuccess: (deleted) => {
        setDone(`Deleted ${deleted.name} with ${formatCount(deleted.events)} events.`);
        setTyped('');
      },
    });
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Delete a dataset">
      <div className={styles.field}>
        <label htmlFor={ids.dataset}>Dataset</label>
        <select id={ids.dataset} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} ({formatCount(candidate.counts.events)} events)
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.confirm}>Type its name to confirm</label>
        <input id={ids.confirm} value={typed} spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
      </div>
      <button type="submit" className={styles.danger} disabled={remove.isPending || typed !== dataset.name}>
        {remove.isPending ? 'Deleting…' : 'Delete dataset'}
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
export function DataRemovalSection({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <>
      <div className={styles.subsection}>
        <h3>Erase a tracked user</h3>
        <p className="muted small">
          Removes the user&apos;s events, attributes, profiles, scores and recommendations from every run, and their
          name from persona cards, so later exports leave them out. Segment summaries computed before keep their share
          until the next retrain. Refused while a retrain of the dataset is running.
        </p>
        <EraseUserForm datasets={datasets} />
      </div>
      <div className={styles.subsection}>
        <h3>Delete a dataset</h3>
        <p className="muted small">Deletes its users, items, events, runs, API keys and jobs. This cannot be undone.</p>
        <DeleteDatasetForm datasets={datasets} />
      </div>
    </>
  );
}
