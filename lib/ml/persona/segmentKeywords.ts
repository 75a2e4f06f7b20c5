import type { Persona } from '@/lib/runs/persona.types';
import { round } from './round';

/**
 * Class-based TF-IDF (as in BERTopic): all terms of a segment's users form one document. A term's
 * weight in segment s is (its count in s / terms in s) * ln(1 + mean terms per segment / its count
 * overall), which favours terms frequent in s and rare elsewhere. Terms are lower-cased; the top
 * 8 per segment are kept, indexed by label.
 */
export function segmentKeywords(keywords: string[][], labels: Int32Array, k: number): Persona['keywords'][] {
  const perSegment = Array.from({ length: k }, () => new Map<string, number>());
  const totals = new Map<string, number>();
  const segmentTerms = new Float64Array(k);
  keywords.forEach((terms, u) => {
    const segment = perSegment[labels[u]];
    for (const raw of terms ?? []) {
      const term = raw.toLowerCase();
      segment.set(term, (segment.get(term) ?? 0) + 1);
      totals.set(term, (totals.get(term) ?? 0) + 1);
      segmentTerms[labels[u]]++;
    }
  });
  const averagePerClass = segmentTerms.reduce((a, b) => a + b, 0) / k;
  return perSegment.map((terms, s) =>
    [...terms.entries()]
      .map(([term, count]) => ({
        term,
        weight: (count / segmentTerms[s]) * Math.log(1 + averagePerClass / (totals.get(term) ?? 1)),
      }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, 8)
      .map(({ term, weight }) => ({ term, weight: round(weight, 5) })),
  );
}
