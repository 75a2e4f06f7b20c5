import { Symbols } from 'recharts';
import type { MarkerShape } from './palette';

/** The map's marker for a segment, drawn small for legends and cards. */
export function MarkerIcon({ shape, colour, size = 14 }: { shape: MarkerShape; colour: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" className="marker-icon">
      <Symbols cx={size / 2} cy={size / 2} type={shape} size={size * 6} fill={colour} />
    </svg>
  );
}
