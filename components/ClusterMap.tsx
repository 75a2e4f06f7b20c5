'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { MapSample } from '@/lib/queries/getMapSample';
import { userHref } from './datasetHref';
import { formatCount } from './format';
import { MarkerIcon } from './MarkerIcon';
import { segmentColour, segmentShape } from './palette';

interface MapPoint {
  x: number;
  y: number;
  userId: string;
  segment: number | null;
}

interface Group {
  segment: number | null;
  name: string;
  points: MapPoint[];
}

export const mapHeight = 460;

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

function PointTooltip({
  active,
  payload,
  names,
}: {
  active?: boolean;
  payload?: { payload?: MapPoint }[];
  names: Map<number | null, string>;
}) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <div>
        <strong>{point.userId}</strong>
      </div>
      <div>{names.get(point.segment)}</div>
      <div className="muted">Click to open the profile</div>
    </div>
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
  const [hidden, setHidden] = useState<Set<number | null>>(() => new Set());
  const names = useMemo(() => {
    const all = new Map<number | null, string>(segmentNames);
    all.set(null, 'Other (segments below the size floor)');
    return all;
  }, [segmentNames]);

  const { groups, xDomain, yDomain } = useMemo(() => {
    const bySegment = new Map<number | null, MapPoint[]>();
    for (let i = 0; i < sample.userId.length; i++) {
      const segment = sample.segment[i];
      const list = bySegment.get(segment) ?? [];
      list.push({ x: sample.x[i], y: sample.y[i], userId: sample.userId[i], segment });
      bySegment.set(segment, list);
    }
    const ordered: Group[] = [...segmentNames.keys()]
      .filter((segment) => bySegment.has(segment))
      .map((segment) => ({ segment, name: segmentNames.get(segment) as string, points: bySegment.get(segment) ?? [] }));
    const other = bySegment.get(null);
    if (other) ordered.push({ segment: null, name: names.get(null) as string, points: other });
    return { groups: ordered, xDomain: padDomain(sample.x), yDomain: padDomain(sample.y) };
  }, [sample, segmentNames, names]);

  const toggle = (segment: number | null) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(segment)) next.delete(segment);
      else next.add(segment);
      return next;
    });

  const shown = sample.userId.length;
  return (
    <div className="cluster-map">
      <fieldset className="map-legend">
        <legend className="visually-hidden">Segments on the map (press to show or hide)</legend>
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
            <span className="muted">{formatCount(group.points.length)}</span>
          </button>
        ))}
        {hidden.size > 0 ? (
          <button type="button" className="legend-reset" onClick={() => setHidden(new Set())}>
            Show all
          </button>
        ) : null}
      </fieldset>
      <figure
        className="chart"
        style={{ height: mapHeight }}
        aria-label={`Cluster map of ${formatCount(shown)} users, coloured by segment. Points open user profiles.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <XAxis type="number" dataKey="x" domain={xDomain} hide allowDataOverflow />
            <YAxis type="number" dataKey="y" domain={yDomain} hide allowDataOverflow />
            <ZAxis range={[18, 18]} />
            <Tooltip content={<PointTooltip names={names} />} isAnimationActive={false} cursor={false} />
            {groups.map((group) => (
              <Scatter
                key={String(group.segment)}
                name={group.name}
                data={group.points}
                fill={segmentColour(group.segment)}
                fillOpacity={0.75}
                shape={segmentShape(group.segment)}
                hide={hidden.has(group.segment)}
                isAnimationActive={false}
                style={{ cursor: 'pointer' }}
                onClick={(point) => {
                  const userId = (point as unknown as { payload?: MapPoint }).payload?.userId;
                  if (userId) router.push(userHref(userId, datasetId));
                }}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
      <p className="muted map-note">
        {shown < sample.total
          ? `Showing ${formatCount(shown)} of ${formatCount(sample.total)} users (a fixed random sample).`
          : `Showing all ${formatCount(sample.total)} users.`}{' '}
        Axes are the 2-D projection of user features; distances are approximate.
      </p>
    </div>
  );
}
