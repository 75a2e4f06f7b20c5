import { AdminPage } from './AdminPage';
import { adminTabFrom } from './adminTabs';

export default async function Page({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const { tab } = await searchParams;
  return <AdminPage tab={adminTabFrom(tab)} />;
}
