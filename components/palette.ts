// Segment colours from the Okabe-Ito palette (safe for the common colour-vision deficiencies),
// in an order that keeps neighbours distinct, then Tableau's colour-blind 10 for larger k.
// Each segment also gets a marker shape, so the map never relies on colour alone.

const colours = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#000000',
  '#B8A200',
  '#595959',
  '#FF800E',
  '#5F9ED1',
  '#898989',
];

const shapes = ['circle', 'triangle', 'square', 'diamond', 'cross', 'star', 'wye'] as const;
export type MarkerShape = (typeof shapes)[number];

/** The colour of users outside any shown segment (under the size floor). */
export const otherColour = '#B0B0B0';

export function segmentColour(index: number | null): string {
  if (index === null) return otherColour;
  return colours[index % colours.length];
}

export function segmentShape(index: number | null): MarkerShape {
  if (index === null) return 'circle';
  return shapes[index % shapes.length];
}
