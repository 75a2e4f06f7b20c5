import { useTranslations } from 'next-intl';
import { formatMetric, formatScore, localWords } from './format';
import { type QualityView, readQuality } from './readQuality';

/**
 * A model's hold-out quality as stored: its members as a compact list and the split named
 * beneath, so no metric is shown without its data split and baseline.
 */
export function QualityMembers({ quality, compact = false }: { quality: Record<string, unknown>; compact?: boolean }) {
  const t = useTranslations('QualityMembers');
  const view = readQuality(quality);
  if (view.metrics.length === 0 && !view.split) return <span className="muted">{t('none')}</span>;
  return (
    <div className={compact ? 'quality quality-compact' : 'quality'}>
      <dl>
        {view.metrics.map((metric) => (
          <div key={metric.key}>
            <dt>{metric.label}</dt>
            <dd>{formatMetric(metric.value)}</dd>
          </div>
        ))}
      </dl>
      {view.split ? <p className="muted split">{t('split', { split: view.split })}</p> : null}
    </div>
  );
}

export function headlineMetric(quality: Record<string, unknown>): QualityView['headline'] {
  return readQuality(quality).headline;
}

/** "AUC 0.81 (baseline 0.50)" */
export function headlineText(quality: Record<string, unknown>): string | null {
  const headline = headlineMetric(quality);
  if (!headline) return null;
  const baseline = headline.baseline === null ? '' : localWords.baseline(formatScore(headline.baseline));
  return `${headline.label} ${formatScore(headline.value)}${baseline}`;
}
