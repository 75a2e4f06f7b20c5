import type { JobView } from '@/lib/jobs/listJobs';

const jobNames: Record<string, string> = {
  train: 'Retrain',
  evaluate: 'Evaluation',
  export: 'Export',
  import: 'Import',
};

export function jobTitle(job: Pick<JobView, 'id' | 'type' | 'datasetName'>): string {
  return `${jobNames[job.type] ?? job.type} of ${job.datasetName ?? 'no dataset'} (job ${job.id})`;
}

/** What a job was asked to do, in a few words: "k auto, text model on", "format md". */
export function jobSettings(job: Pick<JobView, 'type' | 'payload'>): string | null {
  const { payload } = job;
  switch (job.type) {
    case 'train': {
      const k = payload.k === 'auto' || payload.k === undefined ? 'k auto' : `k = ${payload.k}`;
      return `${k}, ${payload.textModel === false ? 'text model off' : 'text model on'}`;
    }
    case 'evaluate': {
      const truth = Array.isArray(payload.truthAttributes) ? payload.truthAttributes : [];
      return truth.length ? `against ${truth.join(', ')}` : null;
    }
    case 'export': {
      const what = typeof payload.segmentIndex === 'number' ? `segment ${payload.segmentIndex} members` : 'personas';
      return `${what}, ${String(payload.format ?? 'csv')}${typeof payload.runId === 'number' ? `, run #${payload.runId}` : ''}`;
    }
    default:
      return null;
  }
}

export function statusLabel(job: Pick<JobView, 'status' | 'cancelAsked'>): string {
  if (job.status === 'running' && job.cancelAsked) return 'cancelling';
  return job.status;
}
