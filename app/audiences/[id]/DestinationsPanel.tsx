'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import {
  useAddAudienceDestinationMutation,
  useAudienceDeliveriesQuery,
  useAudienceDestinationsQuery,
  useSendAudienceMutation,
} from '@/hooks/useAudienceDestinations';
import { useIsAdmin } from '@/hooks/useIsAdmin';
import type { DestinationView } from '@/lib/audiences/destinations/destinationStore';

function Destination({ destination }: { destination: DestinationView }) {
  const t = useTranslations('Destinations');
  const send = useSendAudienceMutation(destination.id);
  const deliveries = useAudienceDeliveriesQuery(destination.id);
  return (
    <li className="stack">
      <div className="row">
        <strong>{destination.name}</strong> <code className="small">{destination.url}</code>
        <button type="button" onClick={() => send.mutate({ test: false })} disabled={send.isPending}>
          {t('sendNow')}
        </button>
        <button type="button" onClick={() => send.mutate({ test: true })} disabled={send.isPending}>
          {t('sendTest')}
        </button>
        {send.isError ? <span className="error">{send.error.message}</span> : null}
      </div>
      <p className="muted small">
        {destination.started ? t('nextSend') : t('firstSend')} {t('queue')}
      </p>
      {deliveries.data?.deliveries.length ? (
        <table aria-label={t('deliveries', { name: destination.name })}>
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
            {deliveries.data.deliveries.map((delivery) => (
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
      ) : null}
    </li>
  );
}

function AddDestination({ audienceId }: { audienceId: number }) {
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
      {add.data ? (
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

/** Where the audience goes: webhooks, their sends and delivery log (pm), adding one (admin). */
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
            <Destination key={destination.id} destination={destination} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('none')}</p>
      )}
      {isAdmin ? <AddDestination audienceId={audienceId} /> : null}
    </section>
  );
}
