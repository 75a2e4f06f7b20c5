import type { ProfileModel } from '@/lib/ml/features/profileModel';
import type { ApplyTextVectorsOptions } from '@/lib/ml/text/applyTextVectors';
import { loadTextEmbedder } from '@/lib/ml/text/loadTextEmbedder';
import { parseTextModelId } from '@/lib/ml/text/textDtype';
import type { TextModelConfig } from '@/lib/ml/text/textModelConfig';
import { createPostgresEmbeddingCache } from './postgresEmbeddingCache';

/**
 * How a transformers run's sentence vectors are found outside its text stage: its embedding
 * cache, then its own model for texts the cache lacks. Nothing for other runs.
 */
export function runTextOptions(profileModel: ProfileModel, textConfig: TextModelConfig): ApplyTextVectorsOptions {
  const textModel = profileModel.text?.method === 'transformers' ? profileModel.text.model : null;
  if (!textModel) return {};
  return {
    cache: createPostgresEmbeddingCache(textModel),
    loadEmbedder: () => loadTextEmbedder({ ...textConfig, ...parseTextModelId(textModel) }),
  };
}
