import { useTranslations } from 'next-intl';
import { formatCount, formatScore } from '@/components/format';
import { useServerText } from '@/components/useServerText';
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
  const t = useTranslations('Admin.jobs');
  const serverText = useServerText();
  const { segments, recommend, churn } = evaluation;
  return (
    <ul className={styles.resultList} aria-label={t('evaluationResults', { id: jobId })}>
      {Object.entries(segments.agreement).map(([name, agreement]) => (
        <li key={name}>
          {t('agreement', {
            name,
            ari: formatScore(agreement.ari, 3),
            nmi: formatScore(agreement.nmi, 3),
            users: formatCount(agreement.users),
          })}
        </li>
      ))}
      <li>
        {t('recommendations', {
          k: recommend.k,
          ndcg: formatScore(recommend.ndcg, 3),
          popularity: formatScore(recommend.baselines.popularity.ndcg, 3),
        })}
      </li>
      <li>
        {churn
          ? t('churn', {
              auc: formatScore(churn.auc, 3),
              churned: formatCount(churn.positives),
              stayed: formatCount(churn.negatives),
            })
          : t('churnNotTrained', {
              reason: evaluation.churnReason ? serverText(evaluation.churnReason) : t('noReason'),
            })}
      </li>
    </ul>
  );
}

/** What a finished job produced, where the history can show it: evaluation metrics, an export's file. */
export function JobResult({ job }: { job: JobView }) {
  const t = useTranslations('Admin.jobs');
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
          {t('download', { name: job.result.fileName })}
        </a>
        {bytes === null ? null : <span className="muted"> ({formatBytes(bytes)})</span>}
      </p>
    );
  }
  return null;
}
