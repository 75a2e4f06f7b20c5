import { UserLookupPage } from './UserLookupPage';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string | string[]; q?: string | string[] }>;
}) {
  const { dataset, q } = await searchParams;
  return (
    <UserLookupPage
      datasetParam={typeof dataset === 'string' ? dataset : undefined}
      initialSearch={typeof q === 'string' ? q : ''}
    />
  );
}
