import { maxUploadBytes } from '@/lib/imports/uploadSettings';
import { ImportPage } from './ImportPage';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string | string[]; job?: string | string[] }>;
}) {
  const { dataset, job } = await searchParams;
  const jobId = typeof job === 'string' && /^\d{1,9}$/.test(job) ? Number(job) : null;
  // read per request (the page is dynamic), so PORTRAIT_UPLOAD_MAX_MB applies without a rebuild
  return (
    <ImportPage
      datasetParam={typeof dataset === 'string' ? dataset : undefined}
      jobParam={jobId}
      maxFileBytes={maxUploadBytes()}
    />
  );
}
