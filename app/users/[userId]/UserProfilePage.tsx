'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { ClampedText } from '@/components/ClampedText';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { segmentHref, withDataset } from '@/components/datasetHref';
import { displayName } from '@/components/displayName';
import { ErrorState } from '@/components/ErrorState';
import {
  formatCount,
  formatEventTime,
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
import { usePersonaText } from '@/components/usePersonaText';
import { useServerText } from '@/components/useServerText';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { useUserProfileQuery } from '@/hooks/useUserProfileQuery';
import type { DisplaySettings } from '@/lib/datasets/displaySettings';
import { formatMoney, moneyFeatureNames } from '@/lib/datasets/displayText';
import { describeTarget } from '@/lib/ml/predict/targetRegistry';
import type { TargetQuality } from '@/lib/ml/predict/targets/targetQuality';
import type { UserProfile, UserScore } from '@/lib/queries/getUserProfile';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { ProfileFreshnessNote } from './ProfileFreshnessNote';
import { Recommendations } from './Recommendations';

function ProfileSkeleton() {
  const t = useTranslations('Profile');
  return (
    <LoadingRegion label={t('loading')}>
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
  const t = useTranslations('Profile');
  const quality = headlineText(score.quality);
  return (
    <span>
      <strong>{formatScore(score.value)}</strong>
      {quality ? <span className="muted"> · {t('model', { quality })}</span> : null}
    </span>
  );
}

/** One line: the model's headline hold-out metric against its baseline, and the split. */
function InferenceQuality({ quality }: { quality: Record<string, unknown> }) {
  const t = useTranslations('Profile');
  const view = readQuality(quality);
  const headline = headlineText(quality);
  if (!headline) return null;
  return (
    <p className="muted small">
      {view.split ? t('modelLineSplit', { headline, split: view.split }) : t('modelLine', { headline })}
    </p>
  );
}

/** What a churn probability is, with its model's hold-out AUC against chance. */
function ChurnMeaning({ quality }: { quality: Record<string, unknown> }) {
  const t = useTranslations('Profile');
  const holdout = (quality.holdout ?? quality) as Record<string, unknown>;
  const horizon = typeof quality.horizonDays === 'number' ? quality.horizonDays : 30;
  const auc = typeof holdout.auc === 'number' ? holdout.auc : null;
  return (
    <>
      {t('churnMeaning', { days: horizon })}
      {auc !== null ? (
        <>
          {' '}
          {t.rich('churnAuc', {
            auc: auc.toFixed(2),
            link: (chunks) => <GlossaryLink term="auc">{chunks}</GlossaryLink>,
          })}
        </>
      ) : null}
      {t.rich('churnAtRisk', { churn: (chunks) => <GlossaryLink term="churn">{chunks}</GlossaryLink> })}
    </>
  );
}

/** Which model predicted the spend and how it ranks hold-out users against the previous period's spend. */
function ValueMeaning({ quality }: { quality: Record<string, unknown> }) {
  const t = useTranslations('Profile');
  const serverText = useServerText();
  const spearman = typeof quality.spearman === 'number' ? quality.spearman : null;
  const baseline = (quality.baselineScores ?? {}) as Record<string, unknown>;
  const horizon = typeof quality.horizonDays === 'number' ? quality.horizonDays : 90;
  return (
    <>
      <GlossaryLink term="predictedValue">{t('expectedSpend')}</GlossaryLink>
      {typeof quality.model === 'string' ? t('modelName', { model: serverText(quality.model) }) : ''}
      {spearman !== null && typeof baseline.spearman === 'number' ? (
        <>
          {' '}
          (<GlossaryLink term="spearman">Spearman {spearman.toFixed(2)}</GlossaryLink>{' '}
          {t('vsPreviousDays', { baseline: baseline.spearman.toFixed(2), days: horizon })})
        </>
      ) : null}
    </>
  );
}

function Profile({
  profile,
  datasetId,
  display,
}: {
  profile: UserProfile;
  datasetId: number;
  display: DisplaySettings;
}) {
  const t = useTranslations('Profile');
  const locale = useLocale();
  const personaText = usePersonaText(display.currency);
  const money = (value: number | null | undefined) =>
    formatMoney(value, display.currency, locale === 'en' ? 'en-US' : locale);
  const featureValue = (feature: string, value: UserProfile['features'][number]['value']) =>
    moneyFeatureNames.has(feature) && typeof value === 'number' ? money(value) : formatValue(value);
  // churn and predicted spend have cards of their own; propensities and goals are listed below
  const churn = profile.scores.find((score) => describeTarget(score.target)?.key === 'churn');
  const value = profile.scores.find((score) => describeTarget(score.target)?.key === 'value');
  const otherScores = profile.scores.filter((score) => score !== churn && score !== value);
  return (
    <>
      <div className="stats">
        <StatCard
          label={t('segment')}
          value={
            profile.segment ? (
              profile.segment.shown ? (
                <span className="value-small segment-title">
                  <MarkerIcon
                    shape={segmentShape(profile.segment.index)}
                    colour={segmentColour(profile.segment.index)}
                  />
                  <Link href={segmentHref(profile.segment.index, datasetId)}>
                    {personaText.name(profile.segment.name)}
                  </Link>
                </span>
              ) : (
                <span className="value-small">{personaText.name(profile.segment.name)}</span>
              )
            ) : (
              <span className="value-small muted">{t('notProfiled')}</span>
            )
          }
          hint={profile.distance === null ? undefined : t('distance', { distance: formatScore(profile.distance) })}
        />
        <StatCard
          label={t('churnRisk')}
          value={
            churn ? (
              <span className="value-small">
                {churn.value >= 0.5 ? t('atRisk') : t('notAtRisk')} · {formatScore(churn.value)}
              </span>
            ) : (
              '—'
            )
          }
          hint={churn ? <ChurnMeaning quality={churn.quality} /> : t('noChurnModel')}
        />
        {value ? (
          <StatCard
            label={t('predictedSpend', { days: describeTarget(value.target)?.days ?? 90 })}
            value={<span className="value-small">{money(value.value)}</span>}
            hint={<ValueMeaning quality={value.quality} />}
          />
        ) : null}
        <StatCard label={t('events')} value={formatCount(profile.eventCount)} hint={t('inDataset')} />
        <StatCard
          label={t('knownAttributes')}
          value={formatCount(profile.attributes.length)}
          hint={t('moreInferred', { count: profile.inferred.length })}
        />
      </div>
      {!profile.profiled ? (
        <p className="warning" role="status">
          {t('noProfile')}
        </p>
      ) : null}
      {profile.profiled ? <ProfileFreshnessNote freshness={profile.freshness} /> : null}

      <div className="two-columns">
        <section className="panel" aria-labelledby="features-heading">
          <h2 id="features-heading">{t('featuresVsSegment')}</h2>
          {profile.features.length ? (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">{t('feature')}</th>
                  <th scope="col">{t('thisUser')}</th>
                  <th scope="col">{t('segmentMean')}</th>
                  <th scope="col">{t('populationMean')}</th>
                </tr>
              </thead>
              <tbody>
                {profile.features.map((feature) => (
                  <tr key={feature.feature}>
                    <th scope="row">{personaText.featureLabel(feature.feature, feature.label)}</th>
                    <td>
                      <strong>{featureValue(feature.feature, feature.value)}</strong>
                    </td>
                    <td>{featureValue(feature.feature, feature.segmentMean)}</td>
                    <td className="muted">{featureValue(feature.feature, feature.populationMean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('noFeatures')}</p>
          )}
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="inferred-heading">
            <h2 id="inferred-heading">{t('inferred')}</h2>
            {profile.inferred.length ? (
              <ul className="inferred-list">
                {profile.inferred.map((attribute) => (
                  <li key={attribute.attribute}>
                    <div className="inferred-head">
                      <span>{displayName(attribute.attribute, display.displayNames)}</span>
                      <strong>{String(attribute.value)}</strong>
                    </div>
                    {attribute.confidence !== null ? (
                      <div className="confidence">
                        <meter
                          min={0}
                          max={1}
                          value={attribute.confidence}
                          aria-label={t('confidenceFor', { attribute: attribute.attribute })}
                        />
                        <span>{t('confident', { share: formatPercent(attribute.confidence) })}</span>
                      </div>
                    ) : null}
                    {attribute.alternatives.length ? (
                      <p className="muted small">
                        {t('else', {
                          alternatives: attribute.alternatives
                            .map((alt) => `${alt.value} ${formatPercent(alt.probability)}`)
                            .join(', '),
                        })}
                      </p>
                    ) : null}
                    <InferenceQuality quality={attribute.quality} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                {profile.inferableAttributes.length
                  ? t('nothingInferred', {
                      attributes: profile.inferableAttributes
                        .map((attribute) => displayName(attribute, display.displayNames))
                        .join(', '),
                    })
                  : profile.attributeModelsTrained
                    ? t('noAttributeModels')
                    : t('noAttributeModelsTrained')}
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="attributes-heading">
            <h2 id="attributes-heading">{t('knownAttributes')}</h2>
            {profile.attributes.length ? (
              <dl className="facts">
                {profile.attributes.map((attribute) => (
                  <div key={attribute.name}>
                    <dt>{displayName(attribute.name, display.displayNames)}</dt>
                    <dd>{formatValue(attribute.value)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">{t('noAttributes')}</p>
            )}
          </section>
          {otherScores.length ? (
            <section className="panel" aria-labelledby="scores-heading">
              <h2 id="scores-heading">{t('otherScores')}</h2>
              <dl className="facts facts-stacked">
                {otherScores.map((score) => (
                  <div key={score.target}>
                    <dt>{targetLabel(score.target, score.quality as TargetQuality)}</dt>
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

      <Recommendations datasetId={datasetId} userId={profile.userId} currency={display.currency} />

      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">{t('recentEvents')}</h2>
        {profile.recentEvents.length ? (
          <table className="compact">
            <caption className="visually-hidden">{t('eventsCaption', { count: profile.recentEvents.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('item')}</th>
                <th scope="col">{t('value')}</th>
                <th scope="col">{t('text')}</th>
              </tr>
            </thead>
            <tbody>
              {profile.recentEvents.map((event, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two events can share time, type and item
                <tr key={i}>
                  <td className="nowrap">{formatEventTime(event.ts)}</td>
                  <td>{displayName(event.type, display.displayNames)}</td>
                  <td>{event.itemTitle ?? event.itemId ?? '—'}</td>
                  <td>{event.isPurchase ? money(event.value) : formatValue(event.value)}</td>
                  <td className="event-text">{event.text ? <ClampedText text={event.text} /> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('noEvents')}</p>
        )}
      </section>
    </>
  );
}

function ProfileLoader({ dataset, userId }: { dataset: DatasetSummary; userId: string }) {
  const t = useTranslations('Profile');
  const query = useUserProfileQuery(dataset.id, userId);
  if (query.isPending) return <ProfileSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />;
  return <Profile profile={query.data} datasetId={dataset.id} display={dataset.display} />;
}

export function UserProfilePage({ userId, datasetParam }: { userId: string; datasetParam?: string }) {
  const t = useTranslations('Profile');
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader
        title={
          <>
            <Link href={withDataset('/users', selection.dataset?.id)} className="crumb">
              {t('users')}
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
