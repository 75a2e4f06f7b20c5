'use client';

import Link from 'next/link';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { segmentHref, withDataset } from '@/components/datasetHref';
import { displayName } from '@/components/displayName';
import { ErrorState } from '@/components/ErrorState';
import {
  formatAmount,
  formatCount,
  formatDateTime,
  formatPercent,
  formatScore,
  formatValue,
  targetLabel,
} from '@/components/format';
import { GlossaryLink } from '@/components/GlossaryLink';
import { MarkerIcon } from '@/components/MarkerIcon';
import { PageHeader } from '@/components/PageHeader';
import { segmentColour, segmentShape } from '@/components/palette';
import { headlineText } from '@/components/QualityMembers';
import { readQuality } from '@/components/readQuality';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { StatCard } from '@/components/StatCard';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { useUserProfileQuery } from '@/hooks/useUserProfileQuery';
import { valueTargetHorizon } from '@/lib/ml/predict/valueTargetName';
import type { UserProfile, UserScore } from '@/lib/queries/getUserProfile';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { Recommendations } from './Recommendations';

function ProfileSkeleton() {
  return (
    <LoadingRegion label="Loading the profile">
      <div className="stats">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={92} />
        ))}
      </div>
      <Skeleton height={320} style={{ marginTop: 16 }} />
      <Skeleton height={360} style={{ marginTop: 16 }} />
    </LoadingRegion>
  );
}

function ScoreWithQuality({ score }: { score: UserScore }) {
  const quality = headlineText(score.quality);
  return (
    <span>
      <strong>{formatScore(score.value)}</strong>
      {quality ? <span className="muted"> · model {quality}</span> : null}
    </span>
  );
}

/** One line: the model's headline hold-out metric against its baseline, and the split. */
function InferenceQuality({ quality }: { quality: Record<string, unknown> }) {
  const view = readQuality(quality);
  const headline = headlineText(quality);
  if (!headline) return null;
  return (
    <p className="muted small">
      Model {headline}
      {view.split ? `, ${view.split}` : ''}
    </p>
  );
}

/** What a churn probability is, with its model's hold-out AUC against chance. */
function ChurnMeaning({ quality }: { quality: Record<string, unknown> }) {
  const holdout = (quality.holdout ?? quality) as Record<string, unknown>;
  const horizon = typeof quality.horizonDays === 'number' ? quality.horizonDays : 30;
  const auc = typeof holdout.auc === 'number' ? holdout.auc : null;
  return (
    <>
      probability of no purchase in the next {horizon} days
      {auc !== null ? (
        <>
          {' '}
          (model <GlossaryLink term="auc">AUC {auc.toFixed(2)}</GlossaryLink>; 0.5 is chance)
        </>
      ) : null}
      ; <GlossaryLink term="churn">at risk</GlossaryLink> from 0.5
    </>
  );
}

/** Which model predicted the spend and how it ranks hold-out users against the previous period's spend. */
function ValueMeaning({ quality }: { quality: Record<string, unknown> }) {
  const spearman = typeof quality.spearman === 'number' ? quality.spearman : null;
  const baseline = (quality.baselineScores ?? {}) as Record<string, unknown>;
  const horizon = typeof quality.horizonDays === 'number' ? quality.horizonDays : 90;
  return (
    <>
      <GlossaryLink term="predictedValue">expected purchase spend</GlossaryLink>
      {typeof quality.model === 'string' ? `, ${quality.model}` : ''}
      {spearman !== null && typeof baseline.spearman === 'number' ? (
        <>
          {' '}
          (<GlossaryLink term="spearman">Spearman {spearman.toFixed(2)}</GlossaryLink> vs {baseline.spearman.toFixed(2)}{' '}
          for the previous {horizon} days)
        </>
      ) : null}
    </>
  );
}

function Profile({ profile, datasetId }: { profile: UserProfile; datasetId: number }) {
  const churn = profile.scores.find((score) => score.target === 'churn');
  const value = profile.scores.find((score) => valueTargetHorizon(score.target) !== null);
  const otherScores = profile.scores.filter((score) => score.target !== 'churn' && score !== value);
  return (
    <>
      <div className="stats">
        <StatCard
          label="Segment"
          value={
            profile.segment ? (
              profile.segment.shown ? (
                <span className="value-small segment-title">
                  <MarkerIcon
                    shape={segmentShape(profile.segment.index)}
                    colour={segmentColour(profile.segment.index)}
                  />
                  <Link href={segmentHref(profile.segment.index, datasetId)}>{profile.segment.name}</Link>
                </span>
              ) : (
                <span className="value-small">{profile.segment.name}</span>
              )
            ) : (
              <span className="value-small muted">not profiled</span>
            )
          }
          hint={profile.distance === null ? undefined : `distance to centre ${formatScore(profile.distance)}`}
        />
        <StatCard
          label="Churn risk"
          value={
            churn ? (
              <span className="value-small">
                {churn.value >= 0.5 ? 'at risk' : 'not at risk'} · {formatScore(churn.value)}
              </span>
            ) : (
              '—'
            )
          }
          hint={churn ? <ChurnMeaning quality={churn.quality} /> : 'no churn model in this run'}
        />
        {value ? (
          <StatCard
            label={`Predicted spend, next ${valueTargetHorizon(value.target)} days`}
            value={<span className="value-small">{formatAmount(value.value)}</span>}
            hint={<ValueMeaning quality={value.quality} />}
          />
        ) : null}
        <StatCard label="Events" value={formatCount(profile.eventCount)} hint="in the dataset now" />
        <StatCard
          label="Known attributes"
          value={formatCount(profile.attributes.length)}
          hint={`${profile.inferred.length} more inferred`}
        />
      </div>
      {!profile.profiled ? (
        <p className="warning" role="status">
          This user had no events by the run's cut-off, so the run has no profile, scores or recommendations for them.
        </p>
      ) : null}

      <div className="two-columns">
        <section className="panel" aria-labelledby="features-heading">
          <h2 id="features-heading">Features vs segment</h2>
          {profile.features.length ? (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">This user</th>
                  <th scope="col">Segment mean</th>
                  <th scope="col">Population mean</th>
                </tr>
              </thead>
              <tbody>
                {profile.features.map((feature) => (
                  <tr key={feature.feature}>
                    <th scope="row">{feature.label}</th>
                    <td>
                      <strong>{formatValue(feature.value)}</strong>
                    </td>
                    <td>{formatValue(feature.segmentMean)}</td>
                    <td className="muted">{formatValue(feature.populationMean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No features: the user has no profile in this run.</p>
          )}
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="inferred-heading">
            <h2 id="inferred-heading">Inferred attributes</h2>
            {profile.inferred.length ? (
              <ul className="inferred-list">
                {profile.inferred.map((attribute) => (
                  <li key={attribute.attribute}>
                    <div className="inferred-head">
                      <span>{displayName(attribute.attribute)}</span>
                      <strong>{String(attribute.value)}</strong>
                    </div>
                    {attribute.confidence !== null ? (
                      <div className="confidence">
                        <meter
                          min={0}
                          max={1}
                          value={attribute.confidence}
                          aria-label={`Confidence for ${attribute.attribute}`}
                        />
                        <span>{formatPercent(attribute.confidence)} confident</span>
                      </div>
                    ) : null}
                    {attribute.alternatives.length ? (
                      <p className="muted small">
                        Else:{' '}
                        {attribute.alternatives
                          .map((alt) => `${alt.value} ${formatPercent(alt.probability)}`)
                          .join(', ')}
                      </p>
                    ) : null}
                    <InferenceQuality quality={attribute.quality} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nothing inferred: the run infers an attribute only for users who lack it.</p>
            )}
          </section>
          <section className="panel" aria-labelledby="attributes-heading">
            <h2 id="attributes-heading">Known attributes</h2>
            {profile.attributes.length ? (
              <dl className="facts">
                {profile.attributes.map((attribute) => (
                  <div key={attribute.name}>
                    <dt>{displayName(attribute.name)}</dt>
                    <dd>{formatValue(attribute.value)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">No attributes were imported for this user.</p>
            )}
          </section>
          {otherScores.length ? (
            <section className="panel" aria-labelledby="scores-heading">
              <h2 id="scores-heading">Other scores</h2>
              <dl className="facts facts-stacked">
                {otherScores.map((score) => (
                  <div key={score.target}>
                    <dt>{targetLabel(score.target)}</dt>
                    <dd>
                      <ScoreWithQuality score={score} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
        </div>
      </div>

      <Recommendations datasetId={datasetId} userId={profile.userId} />

      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">Recent events</h2>
        {profile.recentEvents.length ? (
          <table className="compact">
            <caption className="visually-hidden">
              The user's {profile.recentEvents.length} most recent events, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Type</th>
                <th scope="col">Item</th>
                <th scope="col">Value</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {profile.recentEvents.map((event, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two events can share time, type and item
                <tr key={i}>
                  <td className="nowrap">{formatDateTime(event.ts)}</td>
                  <td>{event.type}</td>
                  <td>{event.itemTitle ?? event.itemId ?? '—'}</td>
                  <td>{formatValue(event.value)}</td>
                  <td className="event-text">{event.text ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No events recorded for this user.</p>
        )}
      </section>
    </>
  );
}

function ProfileLoader({ dataset, userId }: { dataset: DatasetSummary; userId: string }) {
  const query = useUserProfileQuery(dataset.id, userId);
  if (query.isPending) return <ProfileSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title="Could not load this user" onRetry={() => query.refetch()} />;
  return <Profile profile={query.data} datasetId={dataset.id} />;
}

export function UserProfilePage({ userId, datasetParam }: { userId: string; datasetParam?: string }) {
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader
        title={
          <>
            <Link href={withDataset('/users', selection.dataset?.id)} className="crumb">
              Users
            </Link>{' '}
            <span aria-hidden="true">/</span> {userId}
          </>
        }
      >
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} basePath="/users" />
      </PageHeader>
      <DatasetGate selection={selection} skeleton={<ProfileSkeleton />}>
        {(dataset) => <ProfileLoader key={dataset.id} dataset={dataset} userId={userId} />}
      </DatasetGate>
    </>
  );
}
