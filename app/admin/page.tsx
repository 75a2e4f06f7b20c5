import { AdminPage } from './AdminPage';

export default function Page() {
  return <AdminPage />;
}
