'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type MouseEvent, useMemo, useState } from 'react';
import { ResponsiveContainer, ScatterChart, usePlotArea, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import type { MapSample } from '@/lib/queries/getMapSample';
import { userHref } from './datasetHref';
import { formatCount } from './format';
import { MarkerIcon } from './MarkerIcon';
import { markerPath } from './markerPath';
import { segmentColour, segmentShape } from './palette';

export const mapHeight = 460;
const markerRadius = 3;
/** how near (in pixels) the pointer must be to a point to pick it */
const pickRadius = 9;

interface Group {
  segment: number | null;
  name: string;
  /** row indexes into the sample's columns */
  rows: number[];
}

interface Hovered {
  row: number;
  px: number;
  py: number;
  /** near the right or bottom edge the tooltip opens to the other side */
  flipX: boolean;
  flipY: boolean;
}

function padDomain(values: number[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (!Number.isFinite(low)) return [0, 1];
  const pad = (high - low || 1) * 0.04;
  return [low - pad, high + pad];
}

/**
 * The points, drawn inside the ScatterChart with its axis scales: one path per segment, and one
 * transparent rectangle that finds the point nearest the pointer for the tooltip and the click.
 */
function MapPoints({
  sample,
  groups,
  hidden,
  hovered,
  onHover,
  onPick,
}: {
  sample: MapSample;
  groups: Group[];
  hidden: Set<number | null>;
  hovered: Hovered | null;
  onHover: (hovered: Hovered | null) => void;
  onPick: (row: number) => void;
}) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  const pixels = useMemo(() => {
    if (!xScale || !yScale) return null;
    const px = new Float32Array(sample.x.length);
    const py = new Float32Array(sample.y.length);
    for (let i = 0; i < px.length; i++) {
      px[i] = xScale(sample.x[i]) ?? Number.NaN;
      py[i] = yScale(sample.y[i]) ?? Number.NaN;
    }
    return { px, py };
  }, [sample, xScale, yScale]);
  const paths = useMemo(() => {
    if (!pixels) return [];
    return groups.map((group) => {
      const shape = segmentShape(group.segment);
      let d = '';
      for (const row of group.rows) d += markerPath(shape, pixels.px[row], pixels.py[row], markerRadius);
      return { segment: group.segment, d };
    });
  }, [groups, pixels]);
  if (!pixels || !plot) return null;

  const nearest = (event: MouseEvent<SVGRectElement>): Hovered | null => {
    const box = event.currentTarget.ownerSVGElement?.getBoundingClientRect();
    if (!box) return null;
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    let best = -1;
    let bestDistance = pickRadius * pickRadius;
    for (const group of groups) {
      if (hidden.has(group.segment)) continue;
      for (const row of group.rows) {
        const dx = pixels.px[row] - x;
        const dy = pixels.py[row] - y;
        const distance = dx * dx + dy * dy;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = row;
        }
      }
    }
    if (best === -1) return null;
    const px = pixels.px[best];
    const py = pixels.py[best];
    return { row: best, px, py, flipX: px > plot.x + plot.width - 230, flipY: py > plot.y + plot.height - 90 };
  };

  return (
    <g className="map-points">
      {paths.map((path) =>
        hidden.has(path.segment) ? null : (
          <path key={String(path.segment)} d={path.d} fill={segmentColour(path.segment)} fillOpacity={0.72} />
        ),
      )}
      {hovered ? (
        <circle cx={hovered.px} cy={hovered.py} r={markerRadius + 3} fill="none" stroke="#1c1d21" strokeWidth={1.5} />
      ) : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer layer over the map; the persona cards and tables give the same links to keyboard users */}
      <rect
        x={plot.x}
        y={plot.y}
        width={plot.width}
        height={plot.height}
        fill="transparent"
        style={{ cursor: hovered ? 'pointer' : 'default' }}
        onMouseMove={(event) => {
          const next = nearest(event);
          if (next?.row !== hovered?.row) onHover(next);
        }}
        onMouseLeave={() => onHover(null)}
        onClick={(event) => {
          const picked = nearest(event);
          if (picked) onPick(picked.row);
        }}
      />
    </g>
  );
}

/**
 * The stored 2-D projection of user profiles, one colour and marker shape per segment. Legend
 * entries are buttons that show or hide a segment; a point opens that user's profile.
 */
export function ClusterMap({
  sample,
  segmentNames,
  datasetId,
}: {
  sample: MapSample;
  segmentNames: Map<number, string>;
  datasetId: number;
}) {
  const router = useRouter();
  const t = useTranslations('ClusterMap');
  const [hidden, setHidden] = useState<Set<number | null>>(() => new Set());
  const [hovered, setHovered] = useState<Hovered | null>(null);

  const otherName = t('other');
  const { groups, xDomain, yDomain } = useMemo(() => {
    const bySegment = new Map<number | null, number[]>();
    sample.segment.forEach((segment, row) => {
      const rows = bySegment.get(segment) ?? [];
      rows.push(row);
      bySegment.set(segment, rows);
    });
    const ordered: Group[] = [...segmentNames.keys()]
      .filter((segment) => bySegment.has(segment))
      .map((segment) => ({ segment, name: segmentNames.get(segment) as string, rows: bySegment.get(segment) ?? [] }));
    const other = bySegment.get(null);
    if (other) ordered.push({ segment: null, name: otherName, rows: other });
    return { groups: ordered, xDomain: padDomain(sample.x), yDomain: padDomain(sample.y) };
  }, [sample, segmentNames, otherName]);

  const toggle = (segment: number | null) => {
    setHovered(null);
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(segment)) next.delete(segment);
      else next.add(segment);
      return next;
    });
  };

  const shown = sample.userId.length;
  const hoveredSegment = hovered ? sample.segment[hovered.row] : null;
  return (
    <div className="cluster-map">
      <fieldset className="map-legend">
        <legend className="visually-hidden">{t('legend')}</legend>
        {groups.map((group) => (
          <button
            key={String(group.segment)}
            type="button"
            className="legend-entry"
            aria-pressed={!hidden.has(group.segment)}
            onClick={() => toggle(group.segment)}
          >
            <MarkerIcon shape={segmentShape(group.segment)} colour={segmentColour(group.segment)} />
            <span>{group.name}</span>
            <span className="muted">{formatCount(group.rows.length)}</span>
          </button>
        ))}
        {hidden.size > 0 ? (
          <button type="button" className="legend-reset" onClick={() => setHidden(new Set())}>
            {t('showAll')}
          </button>
        ) : null}
      </fieldset>
      <figure
        className="chart map-figure"
        style={{ height: mapHeight }}
        aria-label={t('label', { users: formatCount(shown) })}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <XAxis type="number" dataKey="x" domain={xDomain} hide allowDataOverflow />
            <YAxis type="number" dataKey="y" domain={yDomain} hide allowDataOverflow />
            <MapPoints
              sample={sample}
              groups={groups}
              hidden={hidden}
              hovered={hovered}
              onHover={setHovered}
              onPick={(row) => router.push(userHref(sample.userId[row], datasetId))}
            />
          </ScatterChart>
        </ResponsiveContainer>
        {hovered ? (
          <div
            className="chart-tooltip map-tooltip"
            role="status"
            style={{
              left: hovered.px + 12,
              top: hovered.py + 12,
              transform: `translate(${hovered.flipX ? 'calc(-100% - 24px)' : '0'}, ${hovered.flipY ? 'calc(-100% - 24px)' : '0'})`,
            }}
          >
            <strong>{sample.userId[hovered.row]}</strong>
            <div>{hoveredSegment === null ? t('otherShort') : segmentNames.get(hoveredSegment)}</div>
            <div className="muted">{t('click')}</div>
          </div>
        ) : null}
      </figure>
      <p className="muted map-note">
        {shown < sample.total
          ? t('sampled', { shown: formatCount(shown), total: formatCount(sample.total) })
          : t('all', { total: formatCount(sample.total) })}{' '}
        {t('axes')}
      </p>
    </div>
  );
}
