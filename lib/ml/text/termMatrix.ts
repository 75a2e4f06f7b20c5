/** Term counts per row (a user, a text) in compressed sparse rows, over a shared vocabulary. */
export interface TermMatrix {
  rows: number;
  vocabulary: string[];
  /** row r's entries are rowStart[r] .. rowStart[r + 1] - 1; length rows + 1 */
  rowStart: Int32Array;
  /** vocabulary index per entry, ascending within a row */
  columns: Int32Array;
  counts: Float32Array;
}

export function buildTermMatrix(termsPerRow: readonly (readonly string[])[]): TermMatrix {
  const index = new Map<string, number>();
  const vocabulary: string[] = [];
  const rowStart = new Int32Array(termsPerRow.length + 1);
  const columns: number[] = [];
  const counts: number[] = [];
  termsPerRow.forEach((terms, row) => {
    const rowCounts = new Map<number, number>();
    for (const term of terms) {
      let column = index.get(term);
      if (column === undefined) {
        column = vocabulary.length;
        index.set(term, column);
        vocabulary.push(term);
      }
      rowCounts.set(column, (rowCounts.get(column) ?? 0) + 1);
    }
    for (const column of [...rowCounts.keys()].sort((a, b) => a - b)) {
      columns.push(column);
      counts.push(rowCounts.get(column) ?? 0);
    }
    rowStart[row + 1] = columns.length;
  });
  return {
    rows: termsPerRow.length,
    vocabulary,
    rowStart,
    columns: Int32Array.from(columns),
    counts: Float32Array.from(counts),
  };
}

/** Number of rows each term occurs in. */
export function documentFrequency(matrix: TermMatrix): Int32Array {
  const frequency = new Int32Array(matrix.vocabulary.length);
  for (const column of matrix.columns) frequency[column]++;
  return frequency;
}
