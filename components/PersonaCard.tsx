import Link from 'next/link';
import { describeSentiment } from '@/lib/ml/text/sentimentScale';
import type { SegmentCard } from '@/lib/queries/listSegments';
import type { PersonaTrait } from '@/lib/runs/persona.types';
import { segmentHref } from './datasetHref';
import { formatAmount, formatCount, formatPercent, formatScore, formatValue } from './format';
import { GlossaryLink } from './GlossaryLink';
import { MarkerIcon } from './MarkerIcon';
import { segmentColour, segmentShape } from './palette';
import { Sparkline } from './Sparkline';

function TraitLine({ trait }: { trait: PersonaTrait }) {
  // shares read as percentages: "97% vs 22%", not "0.97 vs 0.22"
  const isShare = /^share of/i.test(trait.label);
  const formatTrait = (value: number) => (isShare ? formatPercent(value) : formatValue(value));
  const direction = trait.z > 0.05 ? 'above' : trait.z < -0.05 ? 'below' : 'near';
  return (
    <li className="trait" title={trait.text}>
      <span className="trait-label">{trait.label}</span>
      <span className="trait-value">
        <span className={`trend trend-${direction}`} aria-hidden="true">
          {direction === 'above' ? '▲' : direction === 'below' ? '▼' : '•'}
        </span>
        <strong>{formatTrait(trait.segmentValue)}</strong>{' '}
        <span className="muted">vs {formatTrait(trait.populationValue)}</span>
        <span className="visually-hidden"> ({direction} the population)</span>
      </span>
    </li>
  );
}

/** The tone word on the shared scale in lib/ml/text/sentimentScale.ts, as persona text and exports use it. */
export function sentimentText(mean: number | null): string {
  return describeSentiment(mean);
}

/** A persona at a glance: who, how many, what sets them apart, what they buy and say. */
export function PersonaCard({
  segment,
  datasetId,
  churnModel,
}: {
  segment: SegmentCard;
  datasetId: number;
  churnModel?: { horizonDays: number; auc: number | null } | null;
}) {
  const { persona } = segment;
  const colour = segmentColour(segment.index);
  const headingId = `persona-${segment.index}`;
  return (
    <article className="panel persona-card" aria-labelledby={headingId} style={{ borderTopColor: colour }}>
      <header className="persona-head">
        <MarkerIcon shape={segmentShape(segment.index)} colour={colour} />
        <h3 id={headingId}>
          <Link href={segmentHref(segment.index, datasetId)}>{segment.name}</Link>
        </h3>
      </header>
      <p className="persona-size">
        <strong>{formatCount(segment.size)}</strong> users · {formatPercent(segment.share, 1)} of profiled users
      </p>
      <ul className="traits" aria-label="Traits (segment median vs population)">
        {persona.traits.slice(0, 5).map((trait) => (
          <TraitLine key={trait.feature} trait={trait} />
        ))}
      </ul>
      {persona.topCategories.length ? (
        <ul className="chips" aria-label="Top categories">
          {persona.topCategories.map((category) => (
            <li
              key={category.name}
              className="chip"
              title={`${formatPercent(category.share)} of the segment, ${formatScore(category.lift, 1)}x the population`}
            >
              {category.name} <span className="muted">×{formatScore(category.lift, 1)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {persona.keywords.length ? (
        <ul className="chips keywords" aria-label="Keywords from their reviews">
          {persona.keywords.slice(0, 5).map((keyword) => (
            <li key={keyword.term} className="chip chip-quiet">
              {keyword.term}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="persona-facts">
        <div>
          <dt>Sentiment</dt>
          <dd>{sentimentText(persona.sentiment.mean)}</dd>
        </div>
        <div>
          <dt>
            <GlossaryLink term="churn">At risk</GlossaryLink>
          </dt>
          <dd>
            {persona.churnShare === null ? 'not predicted' : `${formatPercent(persona.churnShare)} of them`}
            {persona.churnShare !== null && persona.populationChurnShare != null ? (
              <span className="muted"> vs {formatPercent(persona.populationChurnShare)} overall</span>
            ) : null}
          </dd>
        </div>
        {persona.predictedValue ? (
          <div>
            <dt>
              <GlossaryLink term="predictedValue">
                Predicted spend, next {persona.predictedValue.horizonDays} days
              </GlossaryLink>
            </dt>
            <dd>
              {formatAmount(persona.predictedValue.total)} in all · {formatAmount(persona.predictedValue.mean)} per user
              <span className="muted"> vs {formatAmount(persona.predictedValue.populationMean)} overall</span>
            </dd>
          </div>
        ) : null}
      </dl>
      {persona.churnShare !== null ? (
        <p className="muted small churn-meaning">
          At risk: a probability of 0.5 or more of no purchase in the next {churnModel?.horizonDays ?? 30} days
          {churnModel?.auc != null ? ` (model AUC ${churnModel.auc.toFixed(2)}; 0.5 is chance)` : ''}.
        </p>
      ) : null}
      <div className="persona-activity">
        <span className="muted">Activity, 12 weeks</span>
        <Sparkline values={persona.activity} colour={colour} label="Events per user per week" />
      </div>
    </article>
  );
}
