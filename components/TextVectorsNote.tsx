import type { RunSummary } from '@/lib/queries/runSummary';

/** Which text vectors a run used: the configured model, or the TF-IDF fallback and why. */
export function textVectorsText(textVectors: RunSummary['textVectors']): string {
  if (!textVectors) return 'Review text: not recorded for this run';
  if (textVectors.method === 'transformers')
    return `Review text embedded with the text model ${textVectors.model ?? ''}`.trim();
  return `Review text turned into TF-IDF + SVD vectors, not the text model${textVectors.reason ? `: ${textVectors.reason}` : ''}`;
}

export function TextVectorsNote({ textVectors }: { textVectors: RunSummary['textVectors'] }) {
  const fallback = textVectors?.method === 'tfidf-svd';
  return (
    <p className={fallback ? 'warning small' : 'muted small'} data-text-vectors={textVectors?.method ?? 'none'}>
      {textVectorsText(textVectors)}
    </p>
  );
}
