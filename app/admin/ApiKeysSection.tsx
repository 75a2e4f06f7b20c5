'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('Admin.apiKeys');
  const revoke = useRevokeApiKeyMutation(datasetId);
  const onRevoke = () => {
    if (!window.confirm(t('confirmRevoke', { name: apiKey.name }))) return;
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
      <td>{apiKey.revokedAt ? t('revokedOn', { date: formatDate(apiKey.revokedAt) }) : t('active')}</td>
      <td>
        {apiKey.revokedAt ? null : (
          <button type="button" className={styles.danger} onClick={onRevoke} disabled={revoke.isPending}>
            {t('revoke')}
            <span className="visually-hidden"> {apiKey.name}</span>
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
  const t = useTranslations('Admin.apiKeys');
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
        <OneTimeSecret
          label={t('newKeyFor', { name: dataset.name })}
          secret={created}
          onDone={() => setCreated(null)}
        />
      ) : null}
      {keys.isPending ? (
        <Skeleton height={60} />
      ) : keys.isError ? (
        <ErrorState error={keys.error} title={t('couldNotLoad')} onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <p className="muted">{t('none', { name: dataset.name })}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('caption', { name: dataset.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('key')}</th>
              <th scope="col">{t('scopes')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
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
      <form className={styles.form} onSubmit={submit} aria-label={t('newKeyForm', { name: dataset.name })}>
        <div className={styles.field}>
          <label htmlFor={ids.name}>{t('keyName')}</label>
          <input id={ids.name} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className={styles.field}>
          <legend>{t('scopes')}</legend>
          <label>
            <input
              type="checkbox"
              checked={scopes.includes('ingest')}
              onChange={(e) => toggle('ingest', e.target.checked)}
            />{' '}
            {t('scopeIngest')}
          </label>{' '}
          <label>
            <input
              type="checkbox"
              checked={scopes.includes('profiles:read')}
              onChange={(e) => toggle('profiles:read', e.target.checked)}
            />{' '}
            {t('scopeProfiles')}
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending || scopes.length === 0}>
          {create.isPending ? t('creating') : t('create')}
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
export function ApiKeysSection({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.apiKeys');
  const selectId = useId();
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0].id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  return (
    <>
      <div className="picker">
        <label htmlFor={selectId}>{t('dataset')}</label>
        <select id={selectId} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">{t.rich('help', { id: dataset.id, code: (chunks) => <code>{chunks}</code> })}</p>
      <DatasetKeys key={dataset.id} dataset={dataset} />
    </>
  );
}
