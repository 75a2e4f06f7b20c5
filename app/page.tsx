import { OverviewPage } from './OverviewPage';

export default async function Page({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  const { dataset } = await searchParams;
  return <OverviewPage datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
