import { userIdFromSegment } from '@/lib/http/userIdSegment';
import { UserProfilePage } from './UserProfilePage';

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<{ dataset?: string | string[] }>;
}) {
  const [{ userId }, { dataset }] = await Promise.all([params, searchParams]);
  return (
    <UserProfilePage
      userId={userIdFromSegment(decodeSegment(userId))}
      datasetParam={typeof dataset === 'string' ? dataset : undefined}
    />
  );
}
