'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import {
  useAddAudienceDestinationMutation,
  useAudienceDeliveriesQuery,
  useAudienceDestinationsQuery,
  useDeleteAudienceDestinationMutation,
  useSendAudienceMutation,
  useUpdateAudienceDestinationMutation,
} from '@/hooks/useAudienceDestinations';
import { useIsAdmin } from '@/hooks/useIsAdmin';
import type { DeliveryView, DestinationView } from '@/lib/audiences/destinations/destinationStore';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function WebhookLog({ name, deliveries }: { name: string; deliveries: DeliveryView[] }) {
  const t = useTranslations('Destinations');
  return (
    <table aria-label={t('deliveries', { name })}>
      <thead>
        <tr>
          <th scope="col">{t('delivery')}</th>
          <th scope="col">{t('kind')}</th>
          <th scope="col">{t('status')}</th>
          <th scope="col">{t('batches')}</th>
          <th scope="col">{t('enteredLeft')}</th>
          <th scope="col">{t('requests')}</th>
          <th scope="col">{t('lastAnswer')}</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => (
          <tr key={delivery.id}>
            <td>{delivery.id}</td>
            <td>{delivery.kind}</td>
            <td className={delivery.status === 'dead' ? 'status status-failed' : 'status'}>
              {delivery.status === 'dead' ? t('dead') : delivery.status}
            </td>
            <td>{delivery.batches}</td>
            <td>
              {delivery.entered} / {delivery.left}
            </td>
            <td>{delivery.attempts}</td>
            <td>{delivery.lastError ?? (delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : '—')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CsvRunLog({ name, runs }: { name: string; runs: DeliveryView[] }) {
  const t = useTranslations('Destinations');
  return (
    <table aria-label={t('runs', { name })}>
      <thead>
        <tr>
          <th scope="col">{t('run')}</th>
          <th scope="col">{t('finished')}</th>
          <th scope="col">{t('status')}</th>
          <th scope="col">{t('members')}</th>
          <th scope="col">{t('file')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>{run.id}</td>
            <td>{when(run.finishedAt ?? run.createdAt)}</td>
            <td className={run.status === 'failed' ? 'status status-failed' : 'status'}>{run.status}</td>
            <td>{run.rows ?? '—'}</td>
            <td>
              {run.downloadUrl ? (
                <a href={run.downloadUrl} download>
                  {run.fileName}
                </a>
              ) : (
                (run.lastError ?? (run.fileName ? t('gone', { file: run.fileName }) : '—'))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Destination({ destination, isAdmin }: { destination: DestinationView; isAdmin: boolean }) {
  const t = useTranslations('Destinations');
  const send = useSendAudienceMutation(destination.id);
  const update = useUpdateAudienceDestinationMutation(destination.audienceId, destination.id);
  const remove = useDeleteAudienceDestinationMutation(destination.audienceId, destination.id);
  const deliveries = useAudienceDeliveriesQuery(destination.id);
  const csv = destination.kind === 'csv';
  const failure = send.error ?? update.error ?? remove.error;
  return (
    <li className="stack">
      <div className="row">
        <strong>{destination.name}</strong>{' '}
        {csv ? (
          <span className="small">
            {t.rich('csvSchedule', {
              schedule: destination.schedule ?? '',
              timeZone: destination.timeZone ?? '',
              code: (chunks) => <code>{chunks}</code>,
            })}
            {destination.paused ? t('pausedSuffix') : ''}
          </span>
        ) : (
          <code className="small">{destination.url}</code>
        )}
        <button type="button" onClick={() => send.mutate({ test: false })} disabled={send.isPending}>
          {csv ? t('exportNow') : t('sendNow')}
        </button>
        {csv ? null : (
          <button type="button" onClick={() => send.mutate({ test: true })} disabled={send.isPending}>
            {t('sendTest')}
          </button>
        )}
        {csv && isAdmin ? (
          <button
            type="button"
            onClick={() => update.mutate({ paused: !destination.paused })}
            disabled={update.isPending}
          >
            {destination.paused ? t('resume') : t('pause')}
          </button>
        ) : null}
        {isAdmin ? (
          <button
            type="button"
            onClick={() => {
              if (window.confirm(t('confirmDelete', { name: destination.name }))) remove.mutate();
            }}
            disabled={remove.isPending}
          >
            {t('delete')}
          </button>
        ) : null}
        {failure ? <span className="error">{failure.message}</span> : null}
      </div>
      <p className="muted small">
        {csv
          ? destination.paused
            ? t('csvPaused')
            : t('csvNext', { times: destination.nextRuns.map(when).join(', ') })
          : destination.started
            ? t('nextSend')
            : t('firstSend')}{' '}
        {csv ? t('csvQueue') : t('queue')}
      </p>
      {deliveries.data?.deliveries.length ? (
        csv ? (
          <CsvRunLog name={destination.name} runs={deliveries.data.deliveries} />
        ) : (
          <WebhookLog name={destination.name} deliveries={deliveries.data.deliveries} />
        )
      ) : null}
    </li>
  );
}

function AddWebhook({ audienceId }: { audienceId: number }) {
  const t = useTranslations('Destinations');
  const add = useAddAudienceDestinationMutation(audienceId);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  return (
    <>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate({ name: name.trim(), url: url.trim() });
        }}
      >
        <label>
          {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label>
          {t('url')} <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        </label>
        <button type="submit" disabled={add.isPending}>
          {t('add')}
        </button>
      </form>
      {add.isError ? <p className="error">{add.error.message}</p> : null}
      {add.data?.secret ? (
        <p className="warning" role="status">
          {t.rich('secret', {
            name: add.data.destination.name,
            secret: add.data.secret,
            code: (chunks) => <code>{chunks}</code>,
          })}
        </p>
      ) : null}
    </>
  );
}

function AddCsvExport({ audienceId }: { audienceId: number }) {
  const t = useTranslations('Destinations');
  const add = useAddAudienceDestinationMutation(audienceId);
  const [name, setName] = useState('');
  const [every, setEvery] = useState('daily');
  const [cron, setCron] = useState('');
  return (
    <>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate({ kind: 'csv', name: name.trim(), schedule: every === 'cron' ? cron.trim() : every });
        }}
      >
        <label>
          {t('exportName')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label>
          {t('every')}{' '}
          <select value={every} onChange={(e) => setEvery(e.target.value)}>
            <option value="daily">{t('daily')}</option>
            <option value="weekly">{t('weekly')}</option>
            <option value="cron">{t('cronOption')}</option>
          </select>
        </label>
        {every === 'cron' ? (
          <label>
            {t('cron')}{' '}
            <input value={cron} onChange={(e) => setCron(e.target.value)} required placeholder="0 6 * * 1-5" />
          </label>
        ) : null}
        <button type="submit" disabled={add.isPending}>
          {t('addCsv')}
        </button>
      </form>
      {add.isError ? <p className="error">{add.error.message}</p> : null}
    </>
  );
}

/** Where the audience goes: webhooks and scheduled CSV exports, their sends and logs (pm), adding one (admin). */
export function DestinationsPanel({ audienceId }: { audienceId: number }) {
  const t = useTranslations('Destinations');
  const isAdmin = useIsAdmin();
  const destinations = useAudienceDestinationsQuery(audienceId, true);
  return (
    <section className="panel stack" aria-labelledby="destinations-heading">
      <h2 id="destinations-heading">{t('title')}</h2>
      {destinations.isError ? (
        <ErrorState error={destinations.error} title={t('couldNotLoad')} onRetry={() => destinations.refetch()} />
      ) : destinations.data?.destinations.length ? (
        <ul className="inferred-list">
          {destinations.data.destinations.map((destination) => (
            <Destination key={destination.id} destination={destination} isAdmin={isAdmin} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('none')}</p>
      )}
      {isAdmin ? (
        <>
          <AddWebhook audienceId={audienceId} />
          <AddCsvExport audienceId={audienceId} />
        </>
      ) : null}
    </section>
  );
}
