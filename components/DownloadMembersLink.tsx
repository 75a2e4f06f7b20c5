import { useTranslations } from 'next-intl';
/** A segment's member list as CSV: the same members every signed-in role can page through below it. */
export function DownloadMembersLink({
  datasetId,
  segmentIndex,
  runId,
}: {
  datasetId: number;
  segmentIndex: number;
  runId?: number;
}) {
  const t = useTranslations('SegmentParts');
  const run = runId === undefined ? '' : `?runId=${runId}`;
  return (
    <a className="button" href={`/api/datasets/${datasetId}/segments/${segmentIndex}/members${run}`} download>
      {t('downloadMembers')}
    </a>
  );
}
