import type { MarkerShape } from './palette';

// SVG path data for map markers. The map draws every point of a segment into ONE path, so
// 5,000 points cost a handful of DOM nodes instead of 5,000 React components.

type Polygon = [number, number][];

function star(): Polygon {
  const points: Polygon = [];
  for (let i = 0; i < 10; i++) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? 1.35 : 0.55;
    points.push([Math.cos(angle) * radius, Math.sin(angle) * radius]);
  }
  return points;
}

/** d3's "wye": three arms 120 degrees apart. */
function wye(): Polygon {
  const c = -0.5;
  const s = Math.sqrt(3) / 2;
  const k = 1 / Math.sqrt(12);
  const arm: Polygon = [
    [0.5, k],
    [0.5, k + 1],
    [-0.5, k + 1],
  ];
  return [
    ...arm,
    ...arm.map(([x, y]): [number, number] => [c * x - s * y, s * x + c * y]),
    ...arm.map(([x, y]): [number, number] => [c * x + s * y, c * y - s * x]),
  ];
}

const unitShapes: Record<Exclude<MarkerShape, 'circle'>, Polygon> = {
  square: [
    [-0.9, -0.9],
    [0.9, -0.9],
    [0.9, 0.9],
    [-0.9, 0.9],
  ],
  triangle: [
    [0, -1.25],
    [1.15, 0.85],
    [-1.15, 0.85],
  ],
  diamond: [
    [0, -1.35],
    [1, 0],
    [0, 1.35],
    [-1, 0],
  ],
  cross: [
    [-0.38, -1.2],
    [0.38, -1.2],
    [0.38, -0.38],
    [1.2, -0.38],
    [1.2, 0.38],
    [0.38, 0.38],
    [0.38, 1.2],
    [-0.38, 1.2],
    [-0.38, 0.38],
    [-1.2, 0.38],
    [-1.2, -0.38],
    [-0.38, -0.38],
  ],
  star: star(),
  wye: wye(),
};

const round = (value: number) => Math.round(value * 10) / 10;

/** Path data for one marker of `shape` centred on (x, y) with radius about `r` pixels. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  if (shape === 'circle') {
    return `M${round(x - r)},${round(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  const points = unitShapes[shape];
  let d = '';
  for (let i = 0; i < points.length; i++) {
    d += `${i === 0 ? 'M' : 'L'}${round(x + points[i][0] * r)},${round(y + points[i][1] * r)}`;
  }
  return `${d}z`;
}
