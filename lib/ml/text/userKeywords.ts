import { documentFrequency, type TermMatrix } from './termMatrix';

export interface Keyword {
  term: string;
  weight: number;
}

/**
 * Smoothed inverse document frequency, as scikit-learn's TfidfVectorizer computes it:
 * ln((1 + n) / (1 + df)) + 1.
 */
export function inverseDocumentFrequency(matrix: TermMatrix): Float64Array {
  const frequency = documentFrequency(matrix);
  return Float64Array.from(frequency, (df) => Math.log((1 + matrix.rows) / (1 + df)) + 1);
}

/**
 * Top terms per row (one row per user, from all of that user's texts) by TF-IDF with
 * sublinear term frequency (1 + ln tf), so one user repeating a word does not drown the rest.
 * Weights are the L2-normalised TF-IDF values; ties break alphabetically.
 */
export function userKeywords(matrix: TermMatrix, topN = 10): Keyword[][] {
  const idf = inverseDocumentFrequency(matrix);
  const result: Keyword[][] = [];
  for (let row = 0; row < matrix.rows; row++) {
    const start = matrix.rowStart[row];
    const end = matrix.rowStart[row + 1];
    const scored: Keyword[] = [];
    let norm = 0;
    for (let entry = start; entry < end; entry++) {
      const column = matrix.columns[entry];
      const weight = (1 + Math.log(matrix.counts[entry])) * idf[column];
      norm += weight * weight;
      scored.push({ term: matrix.vocabulary[column], weight });
    }
    norm = Math.sqrt(norm) || 1;
    for (const keyword of scored) keyword.weight /= norm;
    scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    result.push(scored.slice(0, topN));
  }
  return result;
}
