import { AdminPage } from './AdminPage';
import { adminTabFrom } from './adminTabs';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ tab?: string | string[]; dataset?: string | string[] }>;
}) {
  const { tab, dataset } = await searchParams;
  return <AdminPage tab={adminTabFrom(tab)} datasetParam={typeof dataset === 'string' ? dataset : undefined} />;
}
