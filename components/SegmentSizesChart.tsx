'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SegmentSize } from '@/lib/queries/getDatasetOverview';
import { segmentHref } from './datasetHref';
import { formatCount, formatPercent } from './format';
import { segmentColour } from './palette';
import { usePersonaText } from './usePersonaText';

const rowHeight = 34;

/** Horizontal bars of segment sizes, largest first; a bar opens its segment. */
export function SegmentSizesChart({ segments, datasetId }: { segments: SegmentSize[]; datasetId: number }) {
  const router = useRouter();
  const t = useTranslations('SizesChart');
  const personaName = usePersonaText().name;
  const data = segments.map((segment) => ({ ...segment, label: personaName(segment.name) }));
  const summary = segments
    .map((s) => t('summary', { name: personaName(s.name), users: formatCount(s.size), share: formatPercent(s.share) }))
    .join('; ');
  return (
    <figure className="chart" style={{ height: rowHeight * segments.length + 24 }} aria-label={t('label', { summary })}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 8 }}>
          <XAxis type="number" hide />
          <YAxis
            type="category"
            dataKey="label"
            width={180}
            tick={{ fontSize: 13 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            cursor={{ fill: '#f1f3f9' }}
            formatter={(value, _name, item) => [
              t('tooltip', {
                users: formatCount(Number(value)),
                share: formatPercent((item.payload as SegmentSize).share),
              }),
              t('size'),
            ]}
          />
          <Bar
            dataKey="size"
            isAnimationActive={false}
            radius={[0, 4, 4, 0]}
            label={{
              position: 'right',
              fontSize: 12,
              fill: '#5f6370',
              formatter: (value: unknown) => formatCount(Number(value)),
            }}
            onClick={(entry) => {
              const index = (entry as unknown as { payload?: SegmentSize }).payload?.index;
              if (index !== undefined) router.push(segmentHref(index, datasetId));
            }}
            style={{ cursor: 'pointer' }}
          >
            {data.map((segment) => (
              <Cell key={segment.index} fill={segmentColour(segment.index)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
