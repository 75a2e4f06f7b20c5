import { QualityPage } from './QualityPage';

export default async function Page({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  const { dataset } = await searchParams;
  return <QualityPage datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
