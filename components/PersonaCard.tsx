'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { DisplaySettings } from '@/lib/datasets/displaySettings';
import type { SegmentCard } from '@/lib/queries/listSegments';
import type { PersonaTrait } from '@/lib/runs/persona.types';
import { segmentHref } from './datasetHref';
import { formatAmount, formatCount, formatPercent, formatScore } from './format';
import { GlossaryLink } from './GlossaryLink';
import { MarkerIcon } from './MarkerIcon';
import { segmentColour, segmentShape } from './palette';
import { Sparkline } from './Sparkline';
import { usePersonaText } from './usePersonaText';

function TraitLine({ trait, currency }: { trait: PersonaTrait; currency: string | null }) {
  const t = useTranslations('PersonaCard');
  // spend and prices in the dataset's currency
  const personaText = usePersonaText(currency);
  // shares read as percentages: "97% vs 22%", not "0.97 vs 0.22"
  const formatTrait = (value: number) => personaText.traitValue(trait, value);
  const direction = trait.z > 0.05 ? 'above' : trait.z < -0.05 ? 'below' : 'near';
  return (
    <li className="trait" title={personaText.traitText(trait)}>
      <span className="trait-label">{personaText.traitLabel(trait)}</span>
      <span className="trait-value">
        <span className={`trend trend-${direction}`} aria-hidden="true">
          {direction === 'above' ? '▲' : direction === 'below' ? '▼' : '•'}
        </span>
        <strong>{formatTrait(trait.segmentValue)}</strong>{' '}
        <span className="muted">{t('versus', { value: formatTrait(trait.populationValue) })}</span>
        <span className="visually-hidden"> {t('direction', { direction })}</span>
      </span>
    </li>
  );
}

/** A persona at a glance: who, how many, what sets them apart, what they buy and say. */
export function PersonaCard({
  segment,
  datasetId,
  churnModel,
  display,
}: {
  segment: SegmentCard;
  datasetId: number;
  churnModel?: { horizonDays: number; auc: number | null } | null;
  /** the dataset's currency and display names */
  display?: DisplaySettings;
}) {
  const t = useTranslations('PersonaCard');
  const personaText = usePersonaText();
  const { persona } = segment;
  const colour = segmentColour(segment.index);
  const headingId = `persona-${segment.index}`;
  return (
    <article className="panel persona-card" aria-labelledby={headingId} style={{ borderTopColor: colour }}>
      <header className="persona-head">
        <MarkerIcon shape={segmentShape(segment.index)} colour={colour} />
        <h3 id={headingId}>
          <Link href={segmentHref(segment.index, datasetId)}>{personaText.name(segment.name)}</Link>
        </h3>
      </header>
      <p className="persona-size">
        {t.rich('size', {
          strong: (chunks) => <strong>{chunks}</strong>,
          users: formatCount(segment.size),
          share: formatPercent(segment.share, 1),
        })}
      </p>
      <ul className="traits" aria-label={t('traits')}>
        {persona.traits.slice(0, 5).map((trait) => (
          <TraitLine key={trait.feature} trait={trait} currency={display?.currency ?? null} />
        ))}
      </ul>
      {persona.topCategories.length ? (
        <ul className="chips" aria-label={t('topCategories')}>
          {persona.topCategories.map((category) => (
            <li
              key={category.name}
              className="chip"
              title={t('categoryTitle', { share: formatPercent(category.share), lift: formatScore(category.lift, 1) })}
            >
              {category.name} <span className="muted">×{formatScore(category.lift, 1)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {persona.keywords.length ? (
        <ul className="chips keywords" aria-label={t('keywords')}>
          {persona.keywords.slice(0, 5).map((keyword) => (
            <li key={keyword.term} className="chip chip-quiet">
              {keyword.term}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="persona-facts">
        <div>
          <dt>{t('sentiment')}</dt>
          <dd>{personaText.sentiment(persona.sentiment.mean)}</dd>
        </div>
        <div>
          <dt>
            <GlossaryLink term="churn">{t('atRisk')}</GlossaryLink>
          </dt>
          <dd>
            {persona.churnShare === null
              ? t('notPredicted')
              : t('ofThem', { share: formatPercent(persona.churnShare) })}
            {persona.churnShare !== null && persona.populationChurnShare != null ? (
              <span className="muted"> {t('overall', { share: formatPercent(persona.populationChurnShare) })}</span>
            ) : null}
          </dd>
        </div>
        {(persona.goals ?? []).map((goal) => (
          <div key={goal.target}>
            <dt>{t('goal', { name: goal.name, days: goal.horizonDays })}</dt>
            <dd>
              {t('meanLikelihood', { share: formatPercent(goal.segmentMean) })}
              <span className="muted"> {t('overall', { share: formatPercent(goal.populationMean) })}</span>
            </dd>
          </div>
        ))}
        {persona.predictedValue ? (
          <div>
            <dt>
              <GlossaryLink term="predictedValue">
                {t('predictedSpend', { days: persona.predictedValue.horizonDays })}
              </GlossaryLink>
            </dt>
            <dd>
              {t('spendTotalMean', {
                total: formatAmount(persona.predictedValue.total, display?.currency),
                mean: formatAmount(persona.predictedValue.mean, display?.currency),
              })}
              <span className="muted">
                {' '}
                {t('overall', { share: formatAmount(persona.predictedValue.populationMean, display?.currency) })}
              </span>
            </dd>
          </div>
        ) : null}
      </dl>
      {persona.churnShare !== null ? (
        <p className="muted small churn-meaning">
          {churnModel?.auc != null
            ? t('churnMeaningAuc', { days: churnModel.horizonDays, auc: churnModel.auc.toFixed(2) })
            : t('churnMeaning', { days: churnModel?.horizonDays ?? 30 })}
        </p>
      ) : null}
      <div className="persona-activity">
        <span className="muted">{t('activity', { weeks: persona.activity.length })}</span>
        <Sparkline values={persona.activity} colour={colour} label={t('eventsPerWeek')} />
      </div>
    </article>
  );
}
