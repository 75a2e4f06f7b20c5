'use client';

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
  const send = useSendAudienceMutation(destination.id);
  const deliveries = useAudienceDeliveriesQuery(destination.id);
  return (
    <li className="stack">
      <div className="row">
        <strong>{destination.name}</strong> <code className="small">{destination.url}</code>
        <button type="button" onClick={() => send.mutate({ test: false })} disabled={send.isPending}>
          Send now
        </button>
        <button type="button" onClick={() => send.mutate({ test: true })} disabled={send.isPending}>
          Send a test
        </button>
        {send.isError ? <span className="error">{send.error.message}</span> : null}
      </div>
      <p className="muted small">
        {destination.started
          ? 'The next send carries who entered and who left since the last delivery.'
          : 'The first send carries every targeted member.'}{' '}
        Sends run on the job queue: a worker (`npm start` runs one) delivers them.
      </p>
      {deliveries.data?.deliveries.length ? (
        <table aria-label={`Deliveries to ${destination.name}`}>
          <thead>
            <tr>
              <th scope="col">Delivery</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Batches</th>
              <th scope="col">Entered / left</th>
              <th scope="col">Requests</th>
              <th scope="col">Last answer</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{delivery.id}</td>
                <td>{delivery.kind}</td>
                <td className={delivery.status === 'dead' ? 'status status-failed' : 'status'}>
                  {delivery.status === 'dead' ? 'dead-lettered' : delivery.status}
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
          Destination name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label>
          Webhook URL <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        </label>
        <button type="submit" disabled={add.isPending}>
          Add webhook
        </button>
      </form>
      {add.isError ? <p className="error">{add.error.message}</p> : null}
      {add.data ? (
        <p className="warning" role="status">
          Signing secret for {add.data.destination.name} (shown once): <code>{add.data.secret}</code>. The receiver
          checks <code>X-Portrait-Signature</code> = sha256 HMAC of <code>timestamp.body</code>.
        </p>
      ) : null}
    </>
  );
}

/** Where the audience goes: webhooks, their sends and delivery log (pm), adding one (admin). */
export function DestinationsPanel({ audienceId }: { audienceId: number }) {
  const isAdmin = useIsAdmin();
  const destinations = useAudienceDestinationsQuery(audienceId, true);
  return (
    <section className="panel stack" aria-labelledby="destinations-heading">
      <h2 id="destinations-heading">Destinations</h2>
      {destinations.isError ? (
        <ErrorState
          error={destinations.error}
          title="Could not load the destinations"
          onRetry={() => destinations.refetch()}
        />
      ) : destinations.data?.destinations.length ? (
        <ul className="inferred-list">
          {destinations.data.destinations.map((destination) => (
            <Destination key={destination.id} destination={destination} />
          ))}
        </ul>
      ) : (
        <p className="muted">No destinations yet.</p>
      )}
      {isAdmin ? <AddDestination audienceId={audienceId} /> : null}
    </section>
  );
}
