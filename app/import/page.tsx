import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';

// Placeholder until the import screen lands (upload, column mapping, import report).
export default function ImportPage() {
  return (
    <>
      <PageHeader title="Import" subtitle="Load events, items and user attributes into a dataset." />
      <EmptyState title="Upload is coming to this screen">
        <p>Until then, import from a terminal:</p>
        <p>
          <code>npx portrait import --help</code>
        </p>
        <p className="muted">Events need a user id, an event type and a timestamp; item and value are optional.</p>
      </EmptyState>
    </>
  );
}
