'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
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
import { segmentColour, segmentShape } from '@/components/palette';
import { headlineText, QualityMembers } from '@/components/QualityMembers';
import { SegmentUsersTable } from '@/components/SegmentUsersTable';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { Sparkline } from '@/components/Sparkline';
import { StatCard } from '@/components/StatCard';
import { usePersonaText } from '@/components/usePersonaText';
import { useServerText } from '@/components/useServerText';
import { useSegmentQuery } from '@/hooks/useSegmentQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { describeTarget } from '@/lib/ml/predict/targetRegistry';
import type { TargetQuality } from '@/lib/ml/predict/targets/targetQuality';
import type { SegmentDetail } from '@/lib/queries/getSegmentDetail';
import type { DatasetSummary } from '@/lib/queries/listDatasets';

function DetailSkeleton() {
  const t = useTranslations('SegmentDetail');
  return (
    <LoadingRegion label={t('loading')}>
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
  const t = useTranslations('SegmentDetail');
  const serverText = useServerText();
  const { persona, targets } = segment;
  const churnModel = targets.find((t) => describeTarget(t.target)?.key === 'churn');
  return (
    <section className="panel" aria-labelledby="predictions-heading">
      <h2 id="predictions-heading">{t('churnAndInterests')}</h2>
      <p>
        {persona.churnShare === null
          ? t('noChurnModel')
          : persona.populationChurnShare == null
            ? t('churnShare', { share: formatPercent(persona.churnShare) })
            : t('churnShareOverall', {
                share: formatPercent(persona.churnShare),
                overall: formatPercent(persona.populationChurnShare),
              })}
      </p>
      {persona.nextInterests.length ? (
        <table>
          <caption className="visually-hidden">{t('propensityCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('nextInterest')}</th>
              <th scope="col">{t('segmentMean')}</th>
              <th scope="col">{t('populationMean')}</th>
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
            {churnModel && headlineText(churnModel.quality)
              ? t('modelQualityChurn', { headline: headlineText(churnModel.quality) ?? '' })
              : t('modelQuality')}
          </summary>
          {targets.map((target) => (
            <div key={target.target} className="model-quality-row">
              <strong>{targetLabel(target.target, target.quality as TargetQuality)}</strong>
              {target.status === 'trained' ? (
                <>
                  <QualityMembers quality={target.quality} compact />
                  {(target.quality as { notPredictive?: string }).notPredictive ? (
                    <span className="muted">
                      {' '}
                      {t('notPredictive', {
                        reason: serverText((target.quality as { notPredictive?: string }).notPredictive ?? ''),
                      })}
                    </span>
                  ) : null}
                </>
              ) : (
                <span className="muted"> {t('notTrained', { reason: serverText(target.reason ?? '') })}</span>
              )}
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}

function Detail({ dataset, index }: { dataset: DatasetSummary; index: number }) {
  const t = useTranslations('SegmentDetail');
  const personaText = usePersonaText();
  const query = useSegmentQuery(dataset.id, index);
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />;
  const segment = query.data;
  const { persona } = segment;
  const attributes = Object.entries(persona.attributes ?? {});
  const featureColumns = persona.traits
    .slice(0, 3)
    .map((trait) => ({ feature: trait.feature, label: personaText.traitLabel(trait) }));
  const colour = segmentColour(index);
  // a segment of (nearly) everyone, as one group with no clear segments is, differs from no one
  const differs = segment.features.some((feature) => Math.abs(feature.z) >= 0.05);
  return (
    <>
      <p className="lead">{personaText.description(persona, segment.name, segment.description)}</p>
      <div className="stats">
        <StatCard
          label={t('users')}
          value={formatCount(segment.size)}
          hint={t('ofProfiled', { share: formatPercent(segment.share, 1) })}
        />
        <StatCard
          label={t('churnRisk')}
          value={persona.churnShare === null ? '—' : formatPercent(persona.churnShare)}
          hint={
            persona.populationChurnShare == null
              ? t('churnHint')
              : t('churnHintOverall', { overall: formatPercent(persona.populationChurnShare) })
          }
        />
        {persona.predictedValue ? (
          <StatCard
            label={t('predictedSpend', { days: persona.predictedValue.horizonDays })}
            value={formatAmount(persona.predictedValue.total, dataset.display.currency)}
            hint={t('spendHint', {
              mean: formatAmount(persona.predictedValue.mean, dataset.display.currency),
              overall: formatAmount(persona.predictedValue.populationMean, dataset.display.currency),
            })}
          />
        ) : null}
        <StatCard
          label={t('reviewSentiment')}
          value={<span className="value-small">{personaText.sentiment(persona.sentiment.mean)}</span>}
          hint={t('wroteText', { users: formatCount(persona.sentiment.textUsers) })}
        />
        <StatCard
          label={t('activity', { weeks: persona.activity.length })}
          value={
            <Sparkline values={persona.activity} colour={colour} width={160} height={36} label={t('eventsPerWeek')} />
          }
          hint={t('eventsPerWeek')}
        />
      </div>

      <div className="two-columns">
        <section className="panel" aria-labelledby="features-heading">
          <h2 id="features-heading">{t('setsApart')}</h2>
          {!segment.features.length ? (
            <p className="muted">{t('noFeatures')}</p>
          ) : differs ? (
            <FeatureDifferenceChart features={segment.features} />
          ) : (
            <p className="muted">{t('noDifference')}</p>
          )}
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="traits-heading">
            <h2 id="traits-heading">{t('traits')}</h2>
            {persona.traits.length ? (
              <ul className="trait-sentences">
                {persona.traits.map((trait) => (
                  <li key={trait.feature}>{personaText.traitText(trait)}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('noTraits')}</p>
            )}
          </section>
          <section className="panel" aria-labelledby="keywords-heading">
            <h2 id="keywords-heading">{t('keywordsAndCategories')}</h2>
            {persona.keywords.length ? (
              <ul className="chips" aria-label={t('keywordsLabel')}>
                {persona.keywords.map((keyword) => (
                  <li
                    key={keyword.term}
                    className="chip chip-quiet"
                    title={t('weight', { weight: formatScore(keyword.weight) })}
                  >
                    {keyword.term}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{persona.sentiment.textUsers > 0 ? t('noDistinctWords') : t('noText')}</p>
            )}
            {persona.topCategories.length ? (
              <table className="compact">
                <caption className="visually-hidden">{t('topCategories')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('category')}</th>
                    <th scope="col">{t('shareOfSegment')}</th>
                    <th scope="col">{t('lift')}</th>
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
            ) : (
              <p className="muted">{t('noCategories')}</p>
            )}
          </section>
        </div>
      </div>

      <div className="two-columns">
        <section className="panel" aria-labelledby="items-heading">
          <h2 id="items-heading">{t('topItems')}</h2>
          {persona.topItems.length ? (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">{t('item')}</th>
                  <th scope="col">{t('users')}</th>
                  <th scope="col">{t('lift')}</th>
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
            <p className="muted">{t('noItem')}</p>
          )}
        </section>
        <ChurnAndInterests segment={segment} />
      </div>

      {attributes.length ? (
        <section className="panel" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">{t('attributes')}</h2>
          <div className="attribute-grid">
            {attributes.map(([name, values]) => (
              <AttributeDistribution
                key={name}
                name={name}
                values={values}
                displayNames={dataset.display.displayNames}
              />
            ))}
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="representative-heading">
        <h2 id="representative-heading">{t('representative')}</h2>
        <p className="muted">{t('representativeHint')}</p>
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
          <h2 id="users-heading">{t('allUsers')}</h2>
          <DownloadMembersLink datasetId={dataset.id} segmentIndex={index} runId={segment.runId} />
        </div>
        <SegmentUsersTable datasetId={dataset.id} segmentIndex={index} featureColumns={featureColumns} />
      </section>
    </>
  );
}

export function SegmentDetailPage({ index, datasetParam }: { index: number; datasetParam?: string }) {
  const t = useTranslations('SegmentDetail');
  const personaText = usePersonaText();
  const selection = useSelectedDataset(datasetParam);
  const datasetId = selection.dataset?.id;
  const segment = useSegmentQuery(selection.dataset?.activeRun ? datasetId : undefined, index);
  return (
    <>
      <PageHeader
        title={
          <>
            <Link href={withDataset('/segments', datasetId)} className="crumb">
              {t('segments')}
            </Link>{' '}
            <span aria-hidden="true">/</span>{' '}
            {segment.data ? (
              <span className="segment-title">
                <MarkerIcon shape={segmentShape(index)} colour={segmentColour(index)} size={18} />
                {personaText.name(segment.data.name)}
              </span>
            ) : (
              t('segment', { index })
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
