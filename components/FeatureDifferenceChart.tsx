'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeatureComparison } from '@/lib/queries/compareFeatures';
import { formatScore, formatValue } from './format';
import { usePersonaText } from './usePersonaText';

const above = '#0072B2';
const below = '#D55E00';
const rowHeight = 30;

function DifferenceTooltip({ active, payload }: { active?: boolean; payload?: { payload?: FeatureComparison }[] }) {
  const t = useTranslations('SegmentParts');
  const feature = active ? payload?.[0]?.payload : undefined;
  if (!feature) return null;
  return (
    <div className="chart-tooltip">
      <strong>{feature.label}</strong>
      <div>
        {t('segmentLine', { median: formatValue(feature.segmentMedian), mean: formatValue(feature.segmentMean) })}
      </div>
      <div>
        {t('populationLine', {
          median: formatValue(feature.populationMedian),
          mean: formatValue(feature.populationMean),
        })}
      </div>
      <div className="muted">{t('deviations', { z: formatScore(feature.z) })}</div>
    </div>
  );
}

/** Standardised differences of the segment from the population, largest first. */
export function FeatureDifferenceChart({ features, limit = 10 }: { features: FeatureComparison[]; limit?: number }) {
  const t = useTranslations('SegmentParts');
  const featureLabel = usePersonaText().featureLabel;
  const shown = features.slice(0, limit).map((f) => ({ ...f, label: featureLabel(f.feature, f.label) }));
  const summary = shown
    .map((f) => t('differenceItem', { label: f.label, z: `${f.z >= 0 ? '+' : ''}${formatScore(f.z, 1)}` }))
    .join('; ');
  return (
    <figure className="chart" aria-label={t('differences', { summary })}>
      <div style={{ height: rowHeight * shown.length + 40 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={shown} layout="vertical" margin={{ top: 4, right: 24, bottom: 16, left: 8 }}>
            <XAxis type="number" tickFormatter={(value: number) => `${value > 0 ? '+' : ''}${value}`} fontSize={12} />
            <YAxis
              type="category"
              dataKey="label"
              width={190}
              tick={{ fontSize: 13 }}
              tickLine={false}
              axisLine={false}
            />
            <ReferenceLine x={0} stroke="#9aa0ad" />
            <Tooltip content={<DifferenceTooltip />} cursor={{ fill: '#f1f3f9' }} isAnimationActive={false} />
            <Bar dataKey="z" isAnimationActive={false} radius={2}>
              {shown.map((feature) => (
                <Cell key={feature.feature} fill={feature.z >= 0 ? above : below} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">{t('differencesCaption')}</figcaption>
    </figure>
  );
}
