import type { Translate } from '@/components/personaText';
import type { JobView } from '@/lib/jobs/listJobs';

const jobTypes = ['train', 'train_chunk', 'evaluate', 'export', 'import', 'deliver'];
const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'cancelling'];

/** A job's title, settings and status in the user's language; `t` is the Admin.jobs translator. */
export function jobText(t: Translate) {
  const typeName = (type: string) => (jobTypes.includes(type) ? t(`types.${type}`) : type);

  const title = (job: Pick<JobView, 'id' | 'type' | 'datasetName'>): string =>
    t('title', { type: typeName(job.type), dataset: job.datasetName ?? t('noDataset'), id: job.id });

  /** What a job was asked to do, in a few words: "k auto, text model on", "personas, md". */
  const settings = (job: Pick<JobView, 'type' | 'payload'>): string | null => {
    const { payload } = job;
    switch (job.type) {
      case 'train': {
        const k = payload.k === 'auto' || payload.k === undefined ? t('kAuto') : t('kFixed', { k: String(payload.k) });
        return t('trainSettings', { k, textModel: payload.textModel === false ? 'off' : 'on' });
      }
      case 'train_chunk':
        return typeof payload.from === 'number' && typeof payload.users === 'number'
          ? t('chunkSettings', { from: payload.from + 1, to: payload.from + payload.users, run: String(payload.runId) })
          : null;
      case 'evaluate': {
        const truth = Array.isArray(payload.truthAttributes) ? payload.truthAttributes : [];
        return truth.length ? t('against', { attributes: truth.join(', ') }) : null;
      }
      case 'export': {
        const what =
          typeof payload.segmentIndex === 'number'
            ? t('segmentMembers', { index: payload.segmentIndex })
            : t('personas');
        const format = String(payload.format ?? 'csv');
        return typeof payload.runId === 'number'
          ? t('exportSettingsRun', { what, format, run: payload.runId })
          : t('exportSettings', { what, format });
      }
      default:
        return null;
    }
  };

  const status = (job: Pick<JobView, 'status' | 'cancelAsked'>): string => {
    const value = job.status === 'running' && job.cancelAsked ? 'cancelling' : job.status;
    return statuses.includes(value) ? t(`statuses.${value}`) : value;
  };

  return { title, settings, status };
}
