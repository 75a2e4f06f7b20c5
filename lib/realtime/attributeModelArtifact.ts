import type { AttributeModels } from '@/lib/ml/predict/attributeModels';
import { float32ArraysFromJson, float32ArraysToJson } from '@/lib/ml/runtime/float32Json';

/** run_artifacts name of the attribute models that guess attributes for users the run did not fit. */
export const attributeModelArtifact = 'attributeModels';

/**
 * The run's attribute models predictive on their hold-out (nothing when none is), the SVD item
 * side as base64 of its Float32 bytes: items × 32 floats are a third the size of JSON numbers.
 */
export function attributeModelArtifacts(models: AttributeModels | null): { name: string; content: object }[] {
  return models ? [{ name: attributeModelArtifact, content: float32ArraysToJson(models) as object }] : [];
}

export function attributeModelsFromJson(content: unknown): AttributeModels {
  return float32ArraysFromJson<AttributeModels>(content);
}
