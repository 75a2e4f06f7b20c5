import { loadTextEmbedder } from '@/lib/ml/text/loadTextEmbedder';
import { textModelConfig } from '@/lib/ml/text/textModelConfig';

export interface TextModelStatus {
  model: string;
  /** whether the configured model loads and runs on this server */
  available: boolean;
  /** why not: the retrain will use TF-IDF + SVD vectors instead */
  reason: string | null;
  checkedAt: string;
}

const cacheMs = 5 * 60_000;
let cached: { at: number; status: Promise<TextModelStatus> } | null = null;

async function check(): Promise<TextModelStatus> {
  const config = textModelConfig();
  const loaded = await loadTextEmbedder(config, () => {});
  if (loaded.kind === 'ready') await loaded.embedder.dispose();
  return {
    model: config.model,
    available: loaded.kind === 'ready',
    reason: loaded.kind === 'fallback' ? loaded.reason : null,
    checkedAt: new Date().toISOString(),
  };
}

/**
 * Whether the configured text model (PORTRAIT_TEXT_MODEL) can be loaded here, as a retrain
 * would load it; checked at most every five minutes, since loading a model takes seconds.
 */
export function textModelStatus(): Promise<TextModelStatus> {
  if (!cached || Date.now() - cached.at > cacheMs) {
    const status = check();
    cached = { at: Date.now(), status };
    status.catch(() => {
      cached = null;
    });
  }
  return cached.status;
}
