'use client';

import { type FormEvent, useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { formatDate } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { type ApiKeyView, useApiKeysQuery } from '@/hooks/useApiKeysQuery';
import { useCreateApiKeyMutation } from '@/hooks/useCreateApiKeyMutation';
import { useRevokeApiKeyMutation } from '@/hooks/useRevokeApiKeyMutation';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';
import { OneTimeSecret } from './OneTimeSecret';

function KeyRow({ apiKey, datasetId }: { apiKey: ApiKeyView; datasetId: number }) {
  const revoke = useRevokeApiKeyMutation(datasetId);
  const onRevoke = () => {
    if (!window.confirm(`Revoke "${apiKey.name}"? Senders using it get 401 from now on.`)) return;
    revoke.mutate(apiKey.id);
  };
  return (
    <tr className={apiKey.revokedAt ? styles.disabledRow : undefined}>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code>pk_{apiKey.prefix}_…</code>
      </td>
      <td>{(apiKey.scopes ?? ['ingest']).join(', ')}</td>
      <td className="nowrap">{formatDate(apiKey.createdAt)}</td>
      <td>{apiKey.revokedAt ? `Revoked ${formatDate(apiKey.revokedAt)}` : 'Active'}</td>
      <td>
        {apiKey.revokedAt ? null : (
          <button type="button" className={styles.danger} onClick={onRevoke} disabled={revoke.isPending}>
            Revoke<span className="visually-hidden"> {apiKey.name}</span>
          </button>
        )}
        {revoke.isError ? (
          <p role="alert" className={styles.errorText}>
            {revoke.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function DatasetKeys({ dataset }: { dataset: DatasetSummary }) {
  const ids = { name: useId() };
  const keys = useApiKeysQuery(dataset.id);
  const create = useCreateApiKeyMutation(dataset.id);
  const [name, setName] = useState('ingest');
  const [scopes, setScopes] = useState<string[]>(['ingest']);
  const [created, setCreated] = useState<string | null>(null);
  const toggle = (scope: string, on: boolean) =>
    setScopes((current) => (on ? [...new Set([...current, scope])] : current.filter((s) => s !== scope)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scopes }, { onSuccess: (result) => setCreated(result.key) });
  };

  return (
    <>
      {created ? (
        <OneTimeSecret label={`New API key for ${dataset.name}:`} secret={created} onDone={() => setCreated(null)} />
      ) : null}
      {keys.isPending ? (
        <Skeleton height={60} />
      ) : keys.isError ? (
        <ErrorState error={keys.error} title="Could not load the API keys" onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <p className="muted">{dataset.name} has no API keys yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">API keys of {dataset.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((apiKey) => (
              <KeyRow key={apiKey.id} apiKey={apiKey} datasetId={dataset.id} />
            ))}
          </tbody>
        </table>
      )}
      <form className={styles.form} onSubmit={submit} aria-label={`New API key for ${dataset.name}`}>
        <div className={styles.field}>
          <label htmlFor={ids.name}>Key name</label>
          <input id={ids.name} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className={styles.field}>
          <legend>Scopes</legend>
          <label>
            <input
              type="checkbox"
              checked={scopes.includes('ingest')}
              onChange={(e) => toggle('ingest', e.target.checked)}
            />{' '}
            ingest (send events)
          </label>{' '}
          <label>
            <input
              type="checkbox"
              checked={scopes.includes('profiles:read')}
              onChange={(e) => toggle('profiles:read', e.target.checked)}
            />{' '}
            profiles:read (profiles and audience members, /api/v1)
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending || scopes.length === 0}>
          {create.isPending ? 'Creating…' : 'Create API key'}
        </button>
        {create.isError ? (
          <p role="alert" className={styles.errorText}>
            {create.error.message}
          </p>
        ) : null}
      </form>
    </>
  );
}

/** Per-dataset keys, scoped to sending events or reading profiles; a new key is shown once. */
export function ApiKeysSection({ datasets }: { datasets: DatasetSummary[] }) {
  const selectId = useId();
  const [datasetId, setDatasetId] = useState(datasets[0].id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  return (
    <>
      <div className="picker">
        <label htmlFor={selectId}>Dataset</label>
        <select id={selectId} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">
        Senders put the key in <code>Authorization: Bearer pk_…</code> to send events to{' '}
        <code>POST /api/datasets/{dataset.id}/events</code> (scope ingest), or to read{' '}
        <code>GET /api/v1/datasets/{dataset.id}/profiles/:userId</code> (scope profiles:read). Keys are stored hashed;
        only the prefix is shown here.
      </p>
      <DatasetKeys key={dataset.id} dataset={dataset} />
    </>
  );
}
