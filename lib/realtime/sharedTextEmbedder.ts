import { loadTextEmbedder, type TextEmbedderStatus } from '@/lib/ml/text/loadTextEmbedder';
import { parseTextModelId } from '@/lib/ml/text/textDtype';
import { textModelConfig } from '@/lib/ml/text/textModelConfig';

// A worker embeds the new texts of every batch with the run's model: loaded once per model and
// process (seconds, and hundreds of MB), not once per batch. A model that cannot be loaded is
// said once per process too; its texts then stay out of the text block, as the profile says.
const loaded = new Map<string, Promise<TextEmbedderStatus>>();

/**
 * The run's text model (its cache key is `<configured model>:<dtype>`), kept loaded: callers'
 * dispose() leaves it for the next batch.
 */
export function sharedTextEmbedder(runModelId: string): () => Promise<TextEmbedderStatus> {
  return () => {
    let status = loaded.get(runModelId);
    if (!status) {
      status = loadTextEmbedder({ ...textModelConfig(), ...parseTextModelId(runModelId) }).then((result) =>
        result.kind === 'ready' ? { kind: 'ready', embedder: { ...result.embedder, dispose: async () => {} } } : result,
      );
      loaded.set(runModelId, status);
    }
    return status;
  };
}
