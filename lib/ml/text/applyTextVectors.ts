import type { DenseMatrix, EventTable } from '@/lib/ml/types';
import { analyseText } from './analyseText';
import { type EmbeddingCache, textHash } from './embeddingCache';
import { embedTexts } from './embedTexts';
import type { TextEmbedderStatus } from './loadTextEmbedder';
import type { TextVectorModel } from './textFeatures';
import { applyTfidfSvdTextVectors } from './tfidfSvdTextVectors';

export interface AppliedTextVectors {
  /** users x dimension: the text block as the run would have built it; zero rows without text */
  vectors: DenseMatrix;
  hasText: Uint8Array;
  /** mean sentiment per user, NaN without scored text */
  sentiment: Float32Array;
  /** texts left out of a user's vector because no embedding was cached and no model could load */
  textsWithoutVector: number;
  /** why texts were left out, when some were */
  reason?: string;
}

export interface ApplyTextVectorsOptions {
  /** where the run's embeddings are cached (transformers runs) */
  cache?: EmbeddingCache;
  /** loads the run's model for texts the cache lacks; without it those texts are left out */
  loadEmbedder?: () => Promise<TextEmbedderStatus>;
  batchSize?: number;
}

/**
 * The text block for some users with a run's fitted text model: the mean sentence embedding
 * (from the cache, embedding new texts when the model loads) or the TF-IDF + SVD projection;
 * with no model (a run without a text block), only the users' sentiment.
 */
export async function applyTextVectors(
  events: EventTable,
  model: TextVectorModel | null,
  options: ApplyTextVectorsOptions = {},
): Promise<AppliedTextVectors> {
  const users = events.userIds.length;
  const textsOf: string[][] = Array.from({ length: users }, () => []);
  events.text.forEach((text, event) => {
    if (text !== null && text.trim() !== '') textsOf[events.user[event]].push(text);
  });
  const analyses = new Map<string, ReturnType<typeof analyseText>>();
  const analysis = (text: string) => {
    let found = analyses.get(text);
    if (!found) {
      found = analyseText(text);
      analyses.set(text, found);
    }
    return found;
  };
  const hasText = Uint8Array.from(textsOf, (texts) => (texts.length > 0 ? 1 : 0));
  const sentiment = Float32Array.from(textsOf, (texts) => {
    const scores = texts.map((text) => analysis(text).sentiment).filter((score): score is number => score !== null);
    return scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : Number.NaN;
  });

  if (model === null) {
    return { vectors: { rows: users, cols: 0, data: new Float32Array(0) }, hasText, sentiment, textsWithoutVector: 0 };
  }
  if (model.method === 'tfidf-svd') {
    const terms = textsOf.map((texts) => texts.flatMap((text) => analysis(text).terms));
    return { vectors: applyTfidfSvdTextVectors(terms, model.tfidf), hasText, sentiment, textsWithoutVector: 0 };
  }

  const dimension = model.dimension;
  const { known, reason } = await sentenceVectorsOf([...new Set(textsOf.flat())], model, options);

  const data = new Float32Array(users * dimension);
  let textsWithoutVector = 0;
  textsOf.forEach((texts, user) => {
    const offset = user * dimension;
    for (const text of texts) {
      const vector = known.get(text);
      if (!vector) {
        textsWithoutVector++;
        continue;
      }
      for (let d = 0; d < dimension; d++) data[offset + d] += vector[d];
    }
    let norm = 0;
    for (let d = 0; d < dimension; d++) norm += data[offset + d] ** 2;
    if (norm === 0) return;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dimension; d++) data[offset + d] *= scale;
  });
  return {
    vectors: { rows: users, cols: dimension, data },
    hasText,
    sentiment,
    textsWithoutVector,
    ...(textsWithoutVector ? { reason } : {}),
  };
}

/**
 * Sentence vectors of distinct texts under a transformers run's model: from the cache, the rest
 * embedded when the model loads. Texts without a vector are left out, and why is said.
 */
export async function sentenceVectorsOf(
  distinct: string[],
  model: { model: string; dimension: number },
  options: ApplyTextVectorsOptions = {},
): Promise<{ known: Map<string, Float32Array>; reason?: string }> {
  const dimension = model.dimension;
  const known = new Map<string, Float32Array>();
  const hashOf = (text: string) => textHash(model.model, text);
  if (options.cache && distinct.length) {
    const cached = await options.cache.get(distinct.map(hashOf));
    for (const text of distinct) {
      const vector = cached.get(hashOf(text));
      if (vector?.length === dimension) known.set(text, vector);
    }
  }
  const missing = distinct.filter((text) => !known.has(text));
  if (missing.length === 0) return { known };
  const status = options.loadEmbedder ? await options.loadEmbedder() : undefined;
  if (status?.kind === 'ready' && status.embedder.modelId === model.model && status.embedder.dimension === dimension) {
    const embedded = await embedTexts(missing, status.embedder, {
      cache: options.cache,
      batchSize: options.batchSize,
    });
    missing.forEach((text, i) => {
      known.set(text, embedded.vectors.data.slice(i * dimension, (i + 1) * dimension));
    });
    await status.embedder.dispose();
    return { known };
  }
  if (status?.kind === 'ready') await status.embedder.dispose();
  const reason =
    status?.kind === 'fallback'
      ? `the run's text model ${model.model} could not be loaded: ${status.reason}`
      : status?.kind === 'ready'
        ? `the loaded text model is not the run's (${model.model})`
        : `new texts are not embedded here; the run's model ${model.model} was not loaded`;
  return { known, reason };
}

/**
 * sentenceVectorsOf the events' non-blank texts, with how many of the events' texts (each
 * occurrence) are left without a vector.
 */
export async function sentenceVectorsOfEvents(
  events: Pick<EventTable, 'text'>,
  model: { model: string; dimension: number },
  options: ApplyTextVectorsOptions = {},
): Promise<{ known: Map<string, Float32Array>; reason?: string; textsWithoutVector: number }> {
  const texts = events.text.filter((text): text is string => text !== null && text.trim() !== '');
  const { known, reason } = await sentenceVectorsOf([...new Set(texts)], model, options);
  const textsWithoutVector = texts.reduce((count, text) => count + (known.has(text) ? 0 : 1), 0);
  return { known, reason, textsWithoutVector };
}
