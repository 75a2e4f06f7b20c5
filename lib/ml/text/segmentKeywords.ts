import type { TermMatrix } from './termMatrix';
import type { Keyword } from './userKeywords';

export interface SegmentKeywordOptions {
  topN?: number;
  /** a term must be used by at least this many users of the segment */
  minUsers?: number;
}

/**
 * Class-based TF-IDF (as in BERTopic): all users of a segment form one document. A term's
 * weight in segment c is (its count in c / words in c) * ln(1 + mean words per segment /
 * its count over all segments), which favours terms frequent in c and rare elsewhere.
 * `userTerms` has one row per user; labels[user] is the segment, negative for none.
 * Returns keywords per segment, indexed by label.
 */
export function segmentKeywords(
  userTerms: TermMatrix,
  labels: Int32Array,
  options: SegmentKeywordOptions = {},
): Keyword[][] {
  if (labels.length !== userTerms.rows) {
    throw new Error(`labels has ${labels.length} entries, the term matrix ${userTerms.rows} users`);
  }
  const topN = options.topN ?? 10;
  const minUsers = options.minUsers ?? 1;
  let segments = 0;
  for (const label of labels) segments = Math.max(segments, label + 1);
  const terms = userTerms.vocabulary.length;
  const classCounts = Array.from({ length: segments }, () => new Map<number, number>());
  const classUsers = Array.from({ length: segments }, () => new Map<number, number>());
  const classTotals = new Float64Array(segments);
  const termTotals = new Float64Array(terms);
  for (let user = 0; user < userTerms.rows; user++) {
    const label = labels[user];
    if (label < 0) continue;
    for (let entry = userTerms.rowStart[user]; entry < userTerms.rowStart[user + 1]; entry++) {
      const column = userTerms.columns[entry];
      const count = userTerms.counts[entry];
      classCounts[label].set(column, (classCounts[label].get(column) ?? 0) + count);
      classUsers[label].set(column, (classUsers[label].get(column) ?? 0) + 1);
      classTotals[label] += count;
      termTotals[column] += count;
    }
  }
  let nonEmpty = 0;
  let totalWords = 0;
  for (const total of classTotals) {
    if (total > 0) nonEmpty++;
    totalWords += total;
  }
  const meanWords = nonEmpty > 0 ? totalWords / nonEmpty : 0;
  return classCounts.map((counts, label) => {
    const scored: Keyword[] = [];
    for (const [column, count] of counts) {
      if ((classUsers[label].get(column) ?? 0) < minUsers) continue;
      const weight = (count / classTotals[label]) * Math.log(1 + meanWords / termTotals[column]);
      scored.push({ term: userTerms.vocabulary[column], weight });
    }
    scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    return scored.slice(0, topN);
  });
}
