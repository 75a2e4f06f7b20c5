import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import type { JobHandler } from '../jobHandler';
import { evaluatePayloadSchema } from '../jobTypes';
import { parseJobPayload } from '../parseJobPayload';

/**
 * Measures the dataset's active run as `portrait evaluate --json` does (the result is that JSON):
 * segments against truth attributes, and held-out recommendations, attributes and churn.
 */
export const evaluateJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('An evaluate job needs a dataset');
  const payload = parseJobPayload(evaluatePayloadSchema, job, 'evaluate');
  const report = await evaluateDataset(job.datasetId, {
    truth: payload.truthAttributes,
    onStage: (stage, percent) => context.progress(stage, percent),
  });
  context.log(
    `Recommendations nDCG@${report.recommend.k} ${report.recommend.ndcg.toFixed(3)} vs popularity ` +
      `${report.recommend.baselines.popularity.ndcg.toFixed(3)}; churn ${report.churn ? `AUC ${report.churn.auc.toFixed(3)}` : `not trained (${report.churnReason})`}`,
  );
  return report;
};
