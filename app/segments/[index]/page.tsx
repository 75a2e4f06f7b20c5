import { SegmentDetailPage } from './SegmentDetailPage';

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ index: string }>;
  searchParams: Promise<{ dataset?: string | string[] }>;
}) {
  const [{ index }, { dataset }] = await Promise.all([params, searchParams]);
  return <SegmentDetailPage index={Number(index)} datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
