'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { userHref, withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { Sparkline } from '@/components/Sparkline';
import { useCreateLookalikeMutation, useDeleteAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceQuery } from '@/hooks/useAudienceQuery';
import { useCanExport } from '@/hooks/useCanExport';
import type { AudienceDetail } from '@/lib/audiences/readAudiences';
import { DestinationsPanel } from './DestinationsPanel';
import { HoldoutPanel } from './HoldoutPanel';

function describeReason(reason: string): string {
  return (
    {
      created: 'saved',
      edit: 'edited',
      retrain: 'after a retrain',
      events: 'new events',
      holdout: 'control group changed',
    }[reason] ?? reason
  );
}

function LookalikeForm({ audience }: { audience: AudienceDetail }) {
  const create = useCreateLookalikeMutation(audience.datasetId);
  const [size, setSize] = useState(String(Math.max(1, audience.size)));
  const router = useRouter();
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { name: `Like ${audience.name}`.slice(0, 120), seed: { audienceId: audience.id }, size: Number(size) },
          { onSuccess: (made) => router.push(withDataset(`/audiences/${made.id}`, audience.datasetId)) },
        );
      }}
    >
      <label>
        Users like these (how many){' '}
        <input type="number" min={1} value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      <button type="submit" disabled={create.isPending}>
        Save lookalikes
      </button>
      {create.isError ? (
        <span className="error" role="alert">
          {create.error.message}
        </span>
      ) : null}
    </form>
  );
}

function Detail({ audience }: { audience: AudienceDetail }) {
  const canExport = useCanExport();
  const remove = useDeleteAudienceMutation(audience);
  const router = useRouter();
  return (
    <div className="stack">
      <div className="stats">
        <div className="panel stat">
          <div className="muted small">Members</div>
          <div className="lead" data-testid="audience-size">
            {formatCount(audience.size)}
          </div>
        </div>
        <div className="panel stat">
          <div className="muted small">Targeted</div>
          <div className="lead">{formatCount(audience.size - audience.holdoutSize)}</div>
        </div>
        <div className="panel stat">
          <div className="muted small">Size over time</div>
          <Sparkline values={audience.history.map((point) => point.size)} label="Audience size over time" />
        </div>
      </div>
      {audience.description ? <p>{audience.description}</p> : null}
      {audience.notes.map((note) => (
        <p key={`${note.from.runId}:${note.from.segmentIndex}`} className={note.weak ? 'warning' : 'muted small'}>
          {note.message}
        </p>
      ))}
      <div className="row">
        {canExport ? (
          <a href={`/api/audiences/${audience.id}/export`} download>
            Download targeted members (CSV)
          </a>
        ) : null}
        <button
          type="button"
          onClick={() =>
            remove.mutate(undefined, { onSuccess: () => router.push(withDataset('/audiences', audience.datasetId)) })
          }
        >
          Delete audience
        </button>
      </div>
      <HoldoutPanel audience={audience} />
      {canExport ? <DestinationsPanel audienceId={audience.id} /> : null}
      <section className="panel" aria-labelledby="lookalike-heading">
        <h2 id="lookalike-heading">Lookalikes</h2>
        <p className="muted small">
          The users nearest to these members in profile space (members excluded), saved as an audience of their own.
        </p>
        <LookalikeForm audience={audience} />
      </section>
      <div className="two-columns">
        <section className="panel" aria-labelledby="history-heading">
          <h2 id="history-heading">Size history</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Why</th>
                <th scope="col">Size</th>
                <th scope="col">Entered</th>
                <th scope="col">Left</th>
              </tr>
            </thead>
            <tbody>
              {[...audience.history].reverse().map((point) => (
                <tr key={`${point.at}-${point.reason}-${point.size}`}>
                  <td>{new Date(point.at).toLocaleString()}</td>
                  <td>{describeReason(point.reason)}</td>
                  <td>{formatCount(point.size)}</td>
                  <td>{formatCount(point.entered)}</td>
                  <td>{formatCount(point.left)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-labelledby="changes-heading">
          <h2 id="changes-heading">Latest entries and exits</h2>
          {audience.recentChanges.length ? (
            <ul className="inferred-list">
              {audience.recentChanges.map((change) => (
                <li key={`${change.at}-${change.userId}-${change.change}`}>
                  <Link href={userHref(change.userId, audience.datasetId)}>{change.userId}</Link>{' '}
                  {change.change === 'entered' ? 'entered' : 'left'}{' '}
                  <span className="muted small">
                    ({describeReason(change.reason)}, {new Date(change.at).toLocaleString()})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No one has entered or left yet.</p>
          )}
        </section>
      </div>
    </div>
  );
}

export function AudienceDetailPage({ audienceId }: { audienceId: number }) {
  const audience = useAudienceQuery(audienceId);
  return (
    <>
      <PageHeader
        title={audience.data?.name ?? 'Audience'}
        subtitle={
          audience.data ? (
            <Link className="crumb" href={withDataset('/audiences', audience.data.datasetId)}>
              ← All audiences
            </Link>
          ) : null
        }
      />
      {audience.isError ? (
        <ErrorState error={audience.error} title="Could not load the audience" onRetry={() => audience.refetch()} />
      ) : audience.data ? (
        <Detail audience={audience.data} />
      ) : (
        <LoadingRegion label="Loading the audience">
          <Skeleton height={300} />
        </LoadingRegion>
      )}
    </>
  );
}
