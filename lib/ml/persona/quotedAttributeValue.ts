import type { Persona } from '@/lib/runs/persona.types';

type AttributeShares = Persona['attributes'][string];

/**
 * The attribute value a persona's description quotes ("67.8% have plan team"), if any: the
 * segment's commonest, when its share differs from the rest's by a tested margin, is at least a
 * fifth of the segment and 1.2 times the population's share.
 */
export function quotedAttributeValue(values: AttributeShares): AttributeShares[number] | null {
  const top = values[0];
  return top?.distinct && top.share >= top.populationShare * 1.2 && top.share >= 0.2 ? top : null;
}
