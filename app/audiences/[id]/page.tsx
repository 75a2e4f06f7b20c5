import { AudienceDetailPage } from './AudienceDetailPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AudienceDetailPage audienceId={Number(id)} />;
}
