'use client';

import Link from 'next/link';
import { AttributeDistribution } from '@/components/AttributeDistribution';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { DownloadMembersLink } from '@/components/DownloadMembersLink';
import { userHref, withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { FeatureDifferenceChart } from '@/components/FeatureDifferenceChart';
import { formatAmount, formatCount, formatPercent, formatScore, targetLabel } from '@/components/format';
import { MarkerIcon } from '@/components/MarkerIcon';
import { PageHeader } from '@/components/PageHeader';
import { sentimentText } from '@/components/PersonaCard';
import { segmentColour, segmentShape } from '@/components/palette';
import { headlineText, QualityMembers } from '@/components/QualityMembers';
import { SegmentUsersTable } from '@/components/SegmentUsersTable';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { Sparkline } from '@/components/Sparkline';
import { StatCard } from '@/components/StatCard';
import { useSegmentQuery } from '@/hooks/useSegmentQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { SegmentDetail } from '@/lib/queries/getSegmentDetail';
import type { DatasetSummary } from '@/lib/queries/listDatasets';

function DetailSkeleton() {
  return (
    <LoadingRegion label="Loading the segment">
      <div className="stats">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={92} />
        ))}
      </div>
      <Skeleton height={340} style={{ marginTop: 16 }} />
      <Skeleton height={260} style={{ marginTop: 16 }} />
    </LoadingRegion>
  );
}

function ChurnAndInterests({ segment }: { segment: SegmentDetail }) {
  const { persona, targets } = segment;
  const churnModel = targets.find((t) => t.target === 'churn');
  return (
    <section className="panel" aria-labelledby="predictions-heading">
      <h2 id="predictions-heading">Churn and next interests</h2>
      <p>
        {persona.churnShare === null
          ? 'No churn model in this run.'
          : `${formatPercent(persona.churnShare)} of this segment have a churn score of 0.5 or more${
              persona.populationChurnShare == null
                ? ''
                : `, against ${formatPercent(persona.populationChurnShare)} of all profiled users`
            }.`}
      </p>
      {persona.nextInterests.length ? (
        <table>
          <caption className="visually-hidden">Mean propensity scores, segment against population</caption>
          <thead>
            <tr>
              <th scope="col">Likely next interest</th>
              <th scope="col">Segment mean score</th>
              <th scope="col">Population mean score</th>
            </tr>
          </thead>
          <tbody>
            {persona.nextInterests.map((interest) => (
              <tr key={interest.category}>
                <th scope="row">{interest.category}</th>
                <td>{formatScore(interest.segmentMean)}</td>
                <td className="muted">{formatScore(interest.populationMean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {targets.length ? (
        <details className="model-quality">
          <summary>
            Model quality
            {churnModel && headlineText(churnModel.quality) ? ` (churn: ${headlineText(churnModel.quality)})` : ''}
          </summary>
          {targets.map((target) => (
            <div key={target.target} className="model-quality-row">
              <strong>{targetLabel(target.target)}</strong>
              {target.status === 'trained' ? (
                <>
                  <QualityMembers quality={target.quality} compact />
                  {(target.quality as { notPredictive?: string }).notPredictive ? (
                    <span className="muted">
                      {' '}
                      {(target.quality as { notPredictive?: string }).notPredictive}: its scores are not shown
                    </span>
                  ) : null}
                </>
              ) : (
                <span className="muted"> not trained: {target.reason}</span>
              )}
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}

function Detail({ dataset, index }: { dataset: DatasetSummary; index: number }) {
  const query = useSegmentQuery(dataset.id, index);
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title="Could not load this segment" onRetry={() => query.refetch()} />;
  const segment = query.data;
  const { persona } = segment;
  const attributes = Object.entries(persona.attributes ?? {});
  const featureColumns = persona.traits.slice(0, 3).map((trait) => ({ feature: trait.feature, label: trait.label }));
  const colour = segmentColour(index);
  return (
    <>
      <p className="lead">{segment.description}</p>
      <div className="stats">
        <StatCard
          label="Users"
          value={formatCount(segment.size)}
          hint={`${formatPercent(segment.share, 1)} of profiled users`}
        />
        <StatCard
          label="Churn risk"
          value={persona.churnShare === null ? '—' : formatPercent(persona.churnShare)}
          hint={`share with churn score ≥ 0.5${
            persona.populationChurnShare == null ? '' : `; ${formatPercent(persona.populationChurnShare)} overall`
          }`}
        />
        {persona.predictedValue ? (
          <StatCard
            label={`Predicted spend, next ${persona.predictedValue.horizonDays} days`}
            value={formatAmount(persona.predictedValue.total)}
            hint={`${formatAmount(persona.predictedValue.mean)} per user; ${formatAmount(persona.predictedValue.populationMean)} overall`}
          />
        ) : null}
        <StatCard
          label="Review sentiment"
          value={<span className="value-small">{sentimentText(persona.sentiment.mean)}</span>}
          hint={`${formatCount(persona.sentiment.textUsers)} users wrote text`}
        />
        <StatCard
          label="Activity, 12 weeks"
          value={
            <Sparkline
              values={persona.activity}
              colour={colour}
              width={160}
              height={36}
              label="Events per user per week"
            />
          }
          hint="events per user per week"
        />
      </div>

      <div className="two-columns">
        <section className="panel" aria-labelledby="features-heading">
          <h2 id="features-heading">What sets them apart</h2>
          {segment.features.length ? (
            <FeatureDifferenceChart features={segment.features} />
          ) : (
            <p className="muted">The run stored no numeric features for its profiles.</p>
          )}
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="traits-heading">
            <h2 id="traits-heading">Traits</h2>
            <ul className="trait-sentences">
              {persona.traits.map((trait) => (
                <li key={trait.feature}>{trait.text}</li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="keywords-heading">
            <h2 id="keywords-heading">Keywords and categories</h2>
            {persona.keywords.length ? (
              <ul className="chips" aria-label="Keywords from their text">
                {persona.keywords.map((keyword) => (
                  <li key={keyword.term} className="chip chip-quiet" title={`weight ${formatScore(keyword.weight)}`}>
                    {keyword.term}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No text from this segment.</p>
            )}
            <table className="compact">
              <caption className="visually-hidden">Top categories</caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Share of segment</th>
                  <th scope="col">Lift</th>
                </tr>
              </thead>
              <tbody>
                {persona.topCategories.map((category) => (
                  <tr key={category.name}>
                    <th scope="row">{category.name}</th>
                    <td>{formatPercent(category.share)}</td>
                    <td>×{formatScore(category.lift, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>

      <div className="two-columns">
        <section className="panel" aria-labelledby="items-heading">
          <h2 id="items-heading">Top items</h2>
          {persona.topItems.length ? (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Users</th>
                  <th scope="col">Lift</th>
                </tr>
              </thead>
              <tbody>
                {persona.topItems.map((item) => (
                  <tr key={item.itemId}>
                    <td>
                      {item.title ?? item.itemId} <span className="muted">{item.title ? item.itemId : ''}</span>
                    </td>
                    <td>{formatCount(item.users)}</td>
                    <td>×{formatScore(item.lift, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No item stands out for this segment.</p>
          )}
        </section>
        <ChurnAndInterests segment={segment} />
      </div>

      {attributes.length ? (
        <section className="panel" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">Attributes</h2>
          <div className="attribute-grid">
            {attributes.map(([name, values]) => (
              <AttributeDistribution key={name} name={name} values={values} />
            ))}
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="representative-heading">
        <h2 id="representative-heading">Representative users</h2>
        <p className="muted">The users nearest the segment's centre.</p>
        <ul className="inline-list">
          {persona.representativeUsers.map((userId) => (
            <li key={userId}>
              <Link href={userHref(userId, dataset.id)}>{userId}</Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="users-heading">
        <div className="section-head">
          <h2 id="users-heading">All users in this segment</h2>
          <DownloadMembersLink datasetId={dataset.id} segmentIndex={index} runId={segment.runId} />
        </div>
        <SegmentUsersTable datasetId={dataset.id} segmentIndex={index} featureColumns={featureColumns} />
      </section>
    </>
  );
}

export function SegmentDetailPage({ index, datasetParam }: { index: number; datasetParam?: string }) {
  const selection = useSelectedDataset(datasetParam);
  const datasetId = selection.dataset?.id;
  const segment = useSegmentQuery(selection.dataset?.activeRun ? datasetId : undefined, index);
  return (
    <>
      <PageHeader
        title={
          <>
            <Link href={withDataset('/segments', datasetId)} className="crumb">
              Segments
            </Link>{' '}
            <span aria-hidden="true">/</span>{' '}
            {segment.data ? (
              <span className="segment-title">
                <MarkerIcon shape={segmentShape(index)} colour={segmentColour(index)} size={18} />
                {segment.data.name}
              </span>
            ) : (
              `Segment ${index}`
            )}
          </>
        }
      >
        <DatasetPicker datasets={selection.datasets.data} selectedId={datasetId} basePath="/segments" />
      </PageHeader>
      <DatasetGate selection={selection} skeleton={<DetailSkeleton />}>
        {(dataset) => <Detail key={dataset.id} dataset={dataset} index={index} />}
      </DatasetGate>
    </>
  );
}
