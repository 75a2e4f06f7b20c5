import { useTranslations } from 'next-intl';
import { displayName } from './displayName';
import { formatPercent } from './format';

/** Value shares of one attribute in the segment beside the population, as a table with bars. */
export function AttributeDistribution({
  name,
  values,
  displayNames,
}: {
  name: string;
  displayNames?: Record<string, string>;
  values: { value: string; share: number; populationShare: number }[];
}) {
  const t = useTranslations('SegmentParts');
  const max = Math.max(...values.flatMap((v) => [v.share, v.populationShare]), 1e-9);
  return (
    <table className="distribution">
      <caption>{displayName(name, displayNames)}</caption>
      <thead>
        <tr>
          <th scope="col">{t('value')}</th>
          <th scope="col">{t('segment')}</th>
          <th scope="col">{t('population')}</th>
        </tr>
      </thead>
      <tbody>
        {values.map((value) => (
          <tr key={value.value}>
            <th scope="row">{value.value}</th>
            <td>
              <span className="bar-cell">
                <span className="bar bar-segment" style={{ width: `${(value.share / max) * 90}px` }} />
                <span>{formatPercent(value.share)}</span>
              </span>
            </td>
            <td>
              <span className="bar-cell">
                <span className="bar bar-population" style={{ width: `${(value.populationShare / max) * 90}px` }} />
                <span className="muted">{formatPercent(value.populationShare)}</span>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
