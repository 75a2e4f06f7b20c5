import { markerPath } from './markerPath';
import type { MarkerShape } from './palette';

/** The map's marker for a segment, drawn small for legends, cards and titles. */
export function MarkerIcon({ shape, colour, size = 14 }: { shape: MarkerShape; colour: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" className="marker-icon">
      <path d={markerPath(shape, size / 2, size / 2, size * 0.34)} fill={colour} />
    </svg>
  );
}
