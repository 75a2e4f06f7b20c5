import { AudiencesPage } from './AudiencesPage';

export default async function Page({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  const { dataset } = await searchParams;
  return <AudiencesPage datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
