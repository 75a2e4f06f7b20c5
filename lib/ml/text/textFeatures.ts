import type { ComputeDevice, DeviceChoice } from '@/lib/ml/runtime/device/computeDevice';
import { StageError } from '@/lib/ml/runtime/stageError';
import type { DenseMatrix, EventTable } from '@/lib/ml/types';
import { analyseText, type TextAnalysis } from './analyseText';
import type { TextLanguage } from './detectLanguage';
import { createMemoryEmbeddingCache, type EmbeddingCache } from './embeddingCache';
import { embedTexts } from './embedTexts';
import { loadTextEmbedder, type TextEmbedder, type TextEmbedderStatus } from './loadTextEmbedder';
import { buildTermMatrix, type TermMatrix } from './termMatrix';
import { type TextModelConfig, textModelConfig } from './textModelConfig';
import { fitTfidfSvdTextVectors, type TfidfSvdModel } from './tfidfSvdTextVectors';
import { type Keyword, userKeywords } from './userKeywords';

export interface TextFeatureOptions {
  /** model, device and batch size; read from PORTRAIT_* variables when omitted */
  config?: TextModelConfig;
  /** the device chosen for the run (else chosen here from config.device) */
  deviceChoice?: DeviceChoice;
  /** an embedder loaded earlier (or a fallback decided earlier), instead of loading one here */
  embedder?: TextEmbedderStatus;
  /** the vector cache for a model id; in memory when omitted (the pipeline passes the Postgres one) */
  cacheFor?: (modelId: string) => EmbeddingCache;
  keywordsPerUser?: number;
  /** width of the TF-IDF + SVD vectors when no model loads (default 32) */
  fallbackDimensions?: number;
  seed?: number;
  /** distinct texts embedded per round, bounding memory (default 4096) */
  embedChunk?: number;
  warn?: (message: string) => void;
  onProgress?: (stage: 'analyse' | 'embed', done: number, total: number) => void;
}

export interface TextFeatureMeta {
  method: 'transformers' | 'tfidf-svd';
  /** the model id (transformers) */
  model?: string;
  /** why no model was used (tfidf-svd) */
  reason?: string;
  /** the device that embedded the texts (transformers) */
  device?: ComputeDevice;
  /** how that device was chosen, and why the others were skipped (transformers) */
  deviceChoice?: DeviceChoice;
  dimension: number;
  /** distinct texts sent to the model in this run, and distinct texts found in the cache */
  embeddedTexts?: number;
  cachedTexts?: number;
  /** distinct texts whose analysis failed and were left out of keywords and sentiment */
  failedTexts?: number;
}

/** How the text block was made, so other users' text can be turned into vectors the same way. */
export type TextVectorModel =
  | { method: 'transformers'; model: string; dimension: number }
  | { method: 'tfidf-svd'; tfidf: TfidfSvdModel };

export interface TextFeatures {
  /** mean sentiment in [-1, 1] per user; NaN where the user has no text with a sentiment model */
  perUserSentiment: Float32Array;
  /** per user: texts that had a sentiment model (the denominator of perUserSentiment) */
  sentimentTexts: Int32Array;
  /** per user: the sum of those texts' sentiments (the numerator) */
  sentimentSum: Float64Array;
  /** per user: texts without a score (no model for the language, or no Chinese sentiment word): "unavailable" */
  sentimentUnavailableTexts: Int32Array;
  /** per event: the text's sentiment, NaN without text or without a model */
  perEventSentiment: Float32Array;
  /** per user: 1 when the user wrote any text */
  hasText: Uint8Array;
  /** per user: events with text */
  textCount: Int32Array;
  /** texts per detected language, over all events */
  languageCounts: Partial<Record<TextLanguage, number>>;
  keywordsPerUser: Keyword[][];
  /** entity type -> count, per user */
  entitiesPerUser: Record<string, number>[];
  /** users x terms (the TF-IDF + SVD fallback reads them) */
  userTerms: TermMatrix;
  /** the text block: mean embedding per user (L2-normalised) or TF-IDF + SVD; zero rows where hasText is 0 */
  vectors: DenseMatrix;
  /** transformers runs: per user, the length of the sum of their texts' sentence vectors, which `vectors` holds normalised */
  vectorSumLengths?: Float32Array;
  meta: TextFeatureMeta;
  vectorModel: TextVectorModel;
}

/** Texts whose analysis failed that are named one by one in the run log; the rest are counted. */
const maxReportedTextFailures = 5;
/**
 * Keywords and sentiment read a text's first 20,000 characters: a 100,000-character review is
 * paste or spam, and the tokenizer's time and memory grow with its length.
 */
const analysedChars = 20_000;
const controlCharacters = /[\p{Cc}\p{Cf}]/gu;

/** The text as the analysers see it: control and format characters as spaces, at most analysedChars. */
export function textForAnalysis(text: string): string {
  const cut = text.length > analysedChars ? text.slice(0, analysedChars) : text;
  return cut.replace(controlCharacters, ' ');
}

/** Scales each row to unit length (zero rows stay zero); returns the rows' lengths before. */
function normaliseRows(matrix: DenseMatrix): Float32Array {
  const lengths = new Float32Array(matrix.rows);
  for (let row = 0; row < matrix.rows; row++) {
    const offset = row * matrix.cols;
    let norm = 0;
    for (let d = 0; d < matrix.cols; d++) norm += matrix.data[offset + d] ** 2;
    if (norm === 0) continue;
    lengths[row] = Math.sqrt(norm);
    const scale = 1 / lengths[row];
    for (let d = 0; d < matrix.cols; d++) matrix.data[offset + d] *= scale;
  }
  return lengths;
}

async function meanEmbeddingPerUser(
  distinctTexts: string[],
  usersOfText: number[][],
  userCount: number,
  embedder: TextEmbedder,
  cache: EmbeddingCache,
  batchSize: number,
  chunk: number,
  onProgress: TextFeatureOptions['onProgress'],
): Promise<{ vectors: DenseMatrix; sumLengths: Float32Array; embedded: number; fromCache: number }> {
  const width = embedder.dimension;
  const vectors: DenseMatrix = { rows: userCount, cols: width, data: new Float32Array(userCount * width) };
  let embedded = 0;
  let fromCache = 0;
  for (let start = 0; start < distinctTexts.length; start += chunk) {
    const result = await embedTexts(distinctTexts.slice(start, start + chunk), embedder, { cache, batchSize });
    embedded += result.embedded;
    fromCache += result.fromCache;
    for (let i = 0; i < result.vectors.rows; i++) {
      const source = result.vectors.data.subarray(i * width, (i + 1) * width);
      for (const user of usersOfText[start + i]) {
        const offset = user * width;
        for (let d = 0; d < width; d++) vectors.data[offset + d] += source[d];
      }
    }
    onProgress?.('embed', Math.min(start + chunk, distinctTexts.length), distinctTexts.length);
  }
  const sumLengths = normaliseRows(vectors);
  return { vectors, sumLengths, embedded, fromCache };
}

/**
 * The text stage of the pipeline: per user sentiment, keywords, entities and a text vector,
 * from the text of every event. Each distinct text is analysed and embedded once. When no
 * embedding model can be loaded the vectors come from TF-IDF + SVD and meta says why.
 */
export async function computeTextFeatures(events: EventTable, options: TextFeatureOptions = {}): Promise<TextFeatures> {
  const userCount = events.userIds.length;
  const textIndex = new Map<string, number>();
  const distinctTexts: string[] = [];
  const usersOfText: number[][] = [];
  const eventText = new Int32Array(events.text.length).fill(-1);
  const textCount = new Int32Array(userCount);
  events.text.forEach((text, event) => {
    if (text === null || text.trim() === '') return;
    let index = textIndex.get(text);
    if (index === undefined) {
      index = distinctTexts.length;
      textIndex.set(text, index);
      distinctTexts.push(text);
      usersOfText.push([]);
    }
    eventText[event] = index;
    usersOfText[index].push(events.user[event]);
    textCount[events.user[event]]++;
  });

  const analyses: TextAnalysis[] = [];
  const progressEvery = 1000;
  let failedTexts = 0;
  for (let i = 0; i < distinctTexts.length; i++) {
    try {
      analyses.push(analyseText(textForAnalysis(distinctTexts[i])));
    } catch (error) {
      // One text a library cannot read costs that text's terms and sentiment, never the run.
      failedTexts++;
      analyses.push({ language: 'other', terms: [], sentiment: null, entities: [] });
      if (failedTexts <= maxReportedTextFailures) {
        options.warn?.(
          new StageError('text', error, { userId: events.userIds[usersOfText[i][0]], text: distinctTexts[i] }).message +
            ': the text was left out of keywords and sentiment',
        );
      }
    }
    if ((i + 1) % progressEvery === 0) options.onProgress?.('analyse', i + 1, distinctTexts.length);
  }
  options.onProgress?.('analyse', distinctTexts.length, distinctTexts.length);
  if (failedTexts > maxReportedTextFailures) {
    options.warn?.(`text: ${failedTexts} texts could not be analysed and were left out of keywords and sentiment`);
  }

  const sentimentSum = new Float64Array(userCount);
  const sentimentTexts = new Int32Array(userCount);
  const sentimentUnavailableTexts = new Int32Array(userCount);
  const perEventSentiment = new Float32Array(events.text.length).fill(Number.NaN);
  const termsPerUser: string[][] = Array.from({ length: userCount }, () => []);
  const entitiesPerUser: Record<string, number>[] = Array.from({ length: userCount }, () => ({}));
  const languageCounts: Partial<Record<TextLanguage, number>> = {};
  for (let event = 0; event < eventText.length; event++) {
    const index = eventText[event];
    if (index < 0) continue;
    const user = events.user[event];
    const analysis = analyses[index];
    languageCounts[analysis.language] = (languageCounts[analysis.language] ?? 0) + 1;
    if (analysis.sentiment === null) sentimentUnavailableTexts[user]++;
    else {
      sentimentSum[user] += analysis.sentiment;
      sentimentTexts[user]++;
      perEventSentiment[event] = analysis.sentiment;
    }
    for (const term of analysis.terms) termsPerUser[user].push(term);
    for (const entity of analysis.entities) {
      entitiesPerUser[user][entity.type] = (entitiesPerUser[user][entity.type] ?? 0) + 1;
    }
  }
  const perUserSentiment = Float32Array.from(sentimentSum, (sum, user) =>
    sentimentTexts[user] > 0 ? sum / sentimentTexts[user] : Number.NaN,
  );
  const userTerms = buildTermMatrix(termsPerUser);
  const hasText = Uint8Array.from(textCount, (count) => (count > 0 ? 1 : 0));

  const config = options.config ?? textModelConfig();
  const status =
    options.embedder ??
    (distinctTexts.length > 0 ? await loadTextEmbedder(config, options.warn, options.deviceChoice) : undefined);
  let vectors: DenseMatrix;
  let vectorSumLengths: Float32Array | undefined;
  let meta: TextFeatureMeta;
  let vectorModel: TextVectorModel;
  if (status?.kind === 'ready') {
    const { embedder } = status;
    const cache = options.cacheFor?.(embedder.modelId) ?? createMemoryEmbeddingCache();
    const result = await meanEmbeddingPerUser(
      distinctTexts,
      usersOfText,
      userCount,
      embedder,
      cache,
      config.batchSize,
      options.embedChunk ?? 4096,
      options.onProgress,
    );
    vectors = result.vectors;
    vectorSumLengths = result.sumLengths;
    meta = {
      method: 'transformers',
      model: embedder.modelId,
      device: embedder.device,
      deviceChoice: embedder.deviceChoice,
      dimension: embedder.dimension,
      embeddedTexts: result.embedded,
      cachedTexts: result.fromCache,
    };
    vectorModel = { method: 'transformers', model: embedder.modelId, dimension: embedder.dimension };
    if (!options.embedder) await embedder.dispose();
  } else {
    const dimensions = options.fallbackDimensions ?? 32;
    const fitted = fitTfidfSvdTextVectors(userTerms, { dimensions, seed: options.seed ?? 0 });
    vectors = fitted.vectors;
    vectorModel = { method: 'tfidf-svd', tfidf: fitted.model };
    meta = {
      method: 'tfidf-svd',
      reason: status?.reason ?? 'no event has text',
      dimension: dimensions,
    };
  }

  if (failedTexts > 0) meta.failedTexts = failedTexts;
  return {
    perUserSentiment,
    sentimentTexts,
    sentimentSum,
    sentimentUnavailableTexts,
    perEventSentiment,
    hasText,
    textCount,
    languageCounts,
    keywordsPerUser: userKeywords(userTerms, options.keywordsPerUser ?? 10),
    entitiesPerUser,
    userTerms,
    vectors,
    vectorSumLengths,
    meta,
    vectorModel,
  };
}
