import { SegmentsPage } from './SegmentsPage';

export default async function Page({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  const { dataset } = await searchParams;
  return <SegmentsPage datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
