import { OverviewPage } from './OverviewPage';

export default function Page() {
  return <OverviewPage />;
}
