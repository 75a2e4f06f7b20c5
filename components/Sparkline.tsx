import { useTranslations } from 'next-intl';
import { formatValue } from './format';

/** A small line of weekly activity; its label states the first and last values for screen readers. */
export function Sparkline({
  values,
  width = 140,
  height = 32,
  colour = '#2f5bea',
  label,
}: {
  values: number[];
  width?: number;
  height?: number;
  colour?: string;
  label: string;
}) {
  const t = useTranslations('Sparkline');
  if (values.length === 0) return <span className="muted">{t('noData')}</span>;
  // one point draws no line: its value says as much
  if (values.length === 1)
    return (
      <span className="muted" title={label}>
        {formatValue(values[0])}
      </span>
    );
  const max = Math.max(...values, 1e-9);
  const step = width / (values.length - 1);
  const points = values.map(
    (value, i) => `${(i * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`,
  );
  const description = t('description', {
    label,
    first: formatValue(values[0]),
    last: formatValue(values[values.length - 1]),
  });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={description}>
      <title>{description}</title>
      <polyline points={points.join(' ')} fill="none" stroke={colour} strokeWidth={1.8} strokeLinejoin="round" />
    </svg>
  );
}
