import { formatCount, formatScore } from '@/components/format';
import type { DatasetEvaluation } from '@/lib/evaluate/evaluateDataset';
import type { JobView } from '@/lib/jobs/listJobs';
import { formatBytes } from '../import/formatBytes';
import styles from './admin.module.css';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** An evaluate job's result, when it is the evaluate JSON (older jobs stored only the segments). */
function readEvaluation(result: JobView['result']): DatasetEvaluation | null {
  return isRecord(result?.segments) && isRecord(result?.recommend) ? (result as unknown as DatasetEvaluation) : null;
}

function EvaluationResult({ jobId, evaluation }: { jobId: number; evaluation: DatasetEvaluation }) {
  const { segments, recommend, churn } = evaluation;
  return (
    <ul className={styles.resultList} aria-label={`Results of evaluation job ${jobId}`}>
      {Object.entries(segments.agreement).map(([name, agreement]) => (
        <li key={name}>
          Segments vs {name}: ARI {formatScore(agreement.ari, 3)}, NMI {formatScore(agreement.nmi, 3)} (
          {formatCount(agreement.users)} users)
        </li>
      ))}
      <li>
        Recommendations: nDCG@{recommend.k} {formatScore(recommend.ndcg, 3)} vs popularity{' '}
        {formatScore(recommend.baselines.popularity.ndcg, 3)} (each user’s latest items held out)
      </li>
      <li>
        {churn
          ? `Churn: AUC ${formatScore(churn.auc, 3)} vs 0.5 (held-out users: ${formatCount(churn.positives)} churned, ${formatCount(churn.negatives)} stayed)`
          : `Churn: not trained (${evaluation.churnReason ?? 'no reason given'})`}
      </li>
    </ul>
  );
}

/** What a finished job produced, where the history can show it: evaluation metrics, an export's file. */
export function JobResult({ job }: { job: JobView }) {
  if (job.status !== 'succeeded') return null;
  if (job.type === 'evaluate') {
    const evaluation = readEvaluation(job.result);
    return evaluation ? <EvaluationResult jobId={job.id} evaluation={evaluation} /> : null;
  }
  if (job.type === 'export' && typeof job.result?.fileName === 'string') {
    const bytes = typeof job.result.bytes === 'number' ? job.result.bytes : null;
    return (
      <p className="small">
        <a href={`/api/jobs/${job.id}/file`} download={job.result.fileName}>
          Download {job.result.fileName}
        </a>
        {bytes === null ? null : <span className="muted"> ({formatBytes(bytes)})</span>}
      </p>
    );
  }
  return null;
}
