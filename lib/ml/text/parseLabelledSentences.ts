export interface LabelledSentences {
  texts: string[];
  /** 1 positive, 0 negative */
  labels: Uint8Array;
}

/** Parses "sentence TAB label" lines (the UCI Sentiment Labelled Sentences format). */
export function parseLabelledSentences(content: string): LabelledSentences {
  const texts: string[] = [];
  const labels: number[] = [];
  for (const line of content.split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(tab + 1).trim();
    if (label !== '0' && label !== '1') continue;
    texts.push(line.slice(0, tab).trim());
    labels.push(Number(label));
  }
  return { texts, labels: Uint8Array.from(labels) };
}
