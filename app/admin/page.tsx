import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';

// Placeholder until the admin screen lands (training jobs, schedules, accounts, API keys).
export default function AdminPage() {
  return (
    <>
      <PageHeader title="Admin" subtitle="Training jobs, schedules, accounts and API keys." />
      <EmptyState title="Administration is coming to this screen">
        <p>Until then, train a dataset from a terminal:</p>
        <p>
          <code>npx portrait train --dataset NAME</code>
        </p>
        <p className="muted">
          Accounts: <code>npx portrait create-admin</code>. Only admins will see this screen.
        </p>
      </EmptyState>
    </>
  );
}
