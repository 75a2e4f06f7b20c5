import { maxUploadBytes } from '@/lib/imports/uploadSettings';
import { ImportPage } from './ImportPage';

export default async function Page({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  const { dataset } = await searchParams;
  // read per request (the page is dynamic), so PORTRAIT_UPLOAD_MAX_MB applies without a rebuild
  return (
    <ImportPage datasetParam={typeof dataset === 'string' ? dataset : undefined} maxFileBytes={maxUploadBytes()} />
  );
}
