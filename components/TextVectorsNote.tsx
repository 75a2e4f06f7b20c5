import { useTranslations } from 'next-intl';
import { useServerText } from '@/components/useServerText';
import type { RunSummary } from '@/lib/queries/runSummary';

/** Which text vectors a run used: the configured model, or the TF-IDF fallback and why. */
export function useTextVectorsText(): (textVectors: RunSummary['textVectors']) => string {
  const t = useTranslations('TextVectors');
  const serverText = useServerText();
  return (textVectors) => {
    if (!textVectors) return t('notRecorded');
    if (textVectors.method === 'none') return t('noText');
    if (textVectors.method === 'transformers') return t('model', { model: textVectors.model ?? '' }).trim();
    return textVectors.reason ? t('fallbackReason', { reason: serverText(textVectors.reason) }) : t('fallback');
  };
}

export function TextVectorsNote({ textVectors }: { textVectors: RunSummary['textVectors'] }) {
  const textVectorsText = useTextVectorsText();
  const fallback = textVectors?.method === 'tfidf-svd';
  return (
    <p className={fallback ? 'warning small' : 'muted small'} data-text-vectors={textVectors?.method ?? 'none'}>
      {textVectorsText(textVectors)}
    </p>
  );
}
