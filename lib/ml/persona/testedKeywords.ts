import type { TermMatrix } from '@/lib/ml/text/termMatrix';
import { twoProportionTest } from './differenceTests';

/** Each user's term counts over their texts, and how many texts each user wrote. */
export interface KeywordEvidence {
  terms: TermMatrix;
  texts: ArrayLike<number>;
}

/** a term a segment's texts use this many times as often as the rest's, at least */
const minimumLift = 1.5;
/** texts of the segment with the term, at least: fewer are no evidence of a habit */
const minimumTexts = 5;

/**
 * Per segment, the terms its texts use more often than the other segments' texts: in at least
 * 1.5 times the share of texts, the difference tested (two-proportion z on texts, Bonferroni
 * over every segment and term tried). Counted per text, not per user: a segment of heavy users
 * writes more texts, so more of its users use any word at all, which is no habit of theirs.
 * A user's texts with a term are taken as its count, at most their number of texts.
 */
export function testedKeywords(evidence: KeywordEvidence, labels: Int32Array, k: number, alpha: number): Set<string>[] {
  const { terms, texts } = evidence;
  const vocabulary = terms.vocabulary.length;
  const hits = new Float64Array(k * vocabulary);
  const segmentTexts = new Float64Array(k);
  for (let u = 0; u < Math.min(terms.rows, labels.length); u++) {
    const s = labels[u];
    segmentTexts[s] += texts[u];
    for (let entry = terms.rowStart[u]; entry < terms.rowStart[u + 1]; entry++) {
      hits[s * vocabulary + terms.columns[entry]] += Math.min(terms.counts[entry], texts[u]);
    }
  }
  const allTexts = segmentTexts.reduce((sum, count) => sum + count, 0);
  const overall = new Float64Array(vocabulary);
  for (let s = 0; s < k; s++) for (let t = 0; t < vocabulary; t++) overall[t] += hits[s * vocabulary + t];
  const candidates: { s: number; t: number }[] = [];
  for (let s = 0; s < k; s++) {
    const restTexts = allTexts - segmentTexts[s];
    if (segmentTexts[s] === 0 || restTexts === 0) continue;
    for (let t = 0; t < vocabulary; t++) {
      const own = hits[s * vocabulary + t];
      if (own < minimumTexts) continue;
      if (own / segmentTexts[s] >= (minimumLift * (overall[t] - own)) / restTexts) candidates.push({ s, t });
    }
  }
  const tested = Array.from({ length: k }, () => new Set<string>());
  for (const { s, t } of candidates) {
    const own = hits[s * vocabulary + t];
    const test = twoProportionTest(own, segmentTexts[s], overall[t] - own, allTexts - segmentTexts[s]);
    if (test.effect > 0 && test.p * candidates.length < alpha) tested[s].add(terms.vocabulary[t].toLowerCase());
  }
  return tested;
}
