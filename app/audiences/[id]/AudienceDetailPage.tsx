'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { userHref, withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatDateTime } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { Sparkline } from '@/components/Sparkline';
import { useServerText } from '@/components/useServerText';
import { useCreateLookalikeMutation, useDeleteAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceQuery } from '@/hooks/useAudienceQuery';
import { useCanExport } from '@/hooks/useCanExport';
import type { AudienceDetail } from '@/lib/audiences/readAudiences';
import { DestinationsPanel } from './DestinationsPanel';
import { HoldoutPanel } from './HoldoutPanel';

function LookalikeForm({ audience }: { audience: AudienceDetail }) {
  const t = useTranslations('AudienceDetail');
  const create = useCreateLookalikeMutation(audience.datasetId);
  const [size, setSize] = useState(String(Math.max(1, audience.size)));
  const router = useRouter();
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          {
            name: t('likeName', { name: audience.name }).slice(0, 120),
            seed: { audienceId: audience.id },
            size: Number(size),
          },
          { onSuccess: (made) => router.push(withDataset(`/audiences/${made.id}`, audience.datasetId)) },
        );
      }}
    >
      <label>
        {t('howMany')} <input type="number" min={1} value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      <button type="submit" disabled={create.isPending}>
        {t('saveLookalikes')}
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
  const t = useTranslations('AudienceDetail');
  const describeReason = (reason: string) => t('reason', { reason });
  const canExport = useCanExport();
  const remove = useDeleteAudienceMutation(audience);
  const serverText = useServerText();
  const router = useRouter();
  return (
    <div className="stack">
      <div className="stats">
        <div className="panel stat">
          <div className="muted small">{t('members')}</div>
          <div className="lead" data-testid="audience-size">
            {formatCount(audience.size)}
          </div>
        </div>
        <div className="panel stat">
          <div className="muted small">{t('targeted')}</div>
          <div className="lead">{formatCount(audience.size - audience.holdoutSize)}</div>
        </div>
        <div className="panel stat">
          <div className="muted small">{t('sizeOverTime')}</div>
          <Sparkline values={audience.history.map((point) => point.size)} label={t('sizeOverTimeLabel')} />
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
            {t('download')}
          </a>
        ) : null}
        <button
          type="button"
          onClick={() =>
            remove.mutate(undefined, { onSuccess: () => router.push(withDataset('/audiences', audience.datasetId)) })
          }
        >
          {t('delete')}
        </button>
        {remove.isError ? (
          <span className="error" role="alert">
            {serverText(remove.error.message)}
          </span>
        ) : null}
      </div>
      <HoldoutPanel audience={audience} />
      {canExport ? <DestinationsPanel audienceId={audience.id} /> : null}
      <section className="panel" aria-labelledby="lookalike-heading">
        <h2 id="lookalike-heading">{t('lookalikes')}</h2>
        <p className="muted small">{t('lookalikesHint')}</p>
        <LookalikeForm audience={audience} />
      </section>
      <div className="two-columns">
        <section className="panel" aria-labelledby="history-heading">
          <h2 id="history-heading">{t('sizeHistory')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('why')}</th>
                <th scope="col">{t('size')}</th>
                <th scope="col">{t('entered')}</th>
                <th scope="col">{t('left')}</th>
              </tr>
            </thead>
            <tbody>
              {[...audience.history].reverse().map((point) => (
                <tr key={`${point.at}-${point.reason}-${point.size}`}>
                  <td>{formatDateTime(new Date(point.at).toISOString())}</td>
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
          <h2 id="changes-heading">{t('latest')}</h2>
          {audience.recentChanges.length ? (
            <ul className="inferred-list">
              {audience.recentChanges.map((change) => (
                <li key={`${change.at}-${change.userId}-${change.change}`}>
                  <Link href={userHref(change.userId, audience.datasetId)}>{change.userId}</Link>{' '}
                  {t('change', { change: change.change })}{' '}
                  <span className="muted small">
                    {t('changeWhen', {
                      reason: describeReason(change.reason),
                      at: formatDateTime(new Date(change.at).toISOString()),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('noChanges')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

export function AudienceDetailPage({ audienceId }: { audienceId: number }) {
  const t = useTranslations('AudienceDetail');
  const audience = useAudienceQuery(audienceId);
  return (
    <>
      <PageHeader
        title={audience.data?.name ?? t('audience')}
        subtitle={
          audience.data ? (
            <Link className="crumb" href={withDataset('/audiences', audience.data.datasetId)}>
              {t('all')}
            </Link>
          ) : null
        }
      />
      {audience.isError ? (
        <ErrorState error={audience.error} title={t('couldNotLoad')} onRetry={() => audience.refetch()} />
      ) : audience.data ? (
        <Detail audience={audience.data} />
      ) : (
        <LoadingRegion label={t('loading')}>
          <Skeleton height={300} />
        </LoadingRegion>
      )}
    </>
  );
}
