import type { JobView } from '@/lib/jobs/listJobs';

export function jobTitle(job: Pick<JobView, 'id' | 'type' | 'datasetName'>): string {
  const what = job.type === 'train' ? 'Retrain' : job.type.charAt(0).toUpperCase() + job.type.slice(1);
  return `${what} of ${job.datasetName ?? 'no dataset'} (job ${job.id})`;
}

export function trainSettings(job: Pick<JobView, 'type' | 'payload'>): string | null {
  if (job.type !== 'train') return null;
  const k = job.payload.k === 'auto' || job.payload.k === undefined ? 'k auto' : `k = ${job.payload.k}`;
  const text = job.payload.textModel === false ? 'text model off' : 'text model on';
  return `${k}, ${text}`;
}

export function statusLabel(job: Pick<JobView, 'status' | 'cancelAsked'>): string {
  if (job.status === 'running' && job.cancelAsked) return 'cancelling';
  return job.status;
}
