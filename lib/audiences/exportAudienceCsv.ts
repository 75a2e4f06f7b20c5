import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { csvRow } from '@/lib/export/csvCell';
import { requireAudience } from './audienceRow';
import { listAudienceMembers } from './readAudiences';

const pageSize = 200;

/**
 * An audience's targeted members as CSV, page by page; the control group is never in it.
 * `forSpreadsheets` starts it with a UTF-8 BOM, as the persona CSV, so Excel reads non-ASCII ids
 * as UTF-8; files written for other programs (a destination's drop folder) go without.
 */
export async function exportAudienceCsv(
  audienceId: number,
  actor: Caller | string | null,
  options: { forSpreadsheets?: boolean } = {},
) {
  const audience = await requireAudience(audienceId);
  await writeAudit(actor, 'audience.export', `audience:${audienceId}`, { name: audience.name, size: audience.size });
  let written = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield `${options.forSpreadsheets ? '\ufeff' : ''}${csvRow(['user_id', 'segment', 'entered_at'])}`;
    let after: string | undefined;
    for (;;) {
      const rows = await listAudienceMembers(audienceId, { page: 1, pageSize, after, targetedOnly: true });
      written += rows.members.length;
      after = rows.members.at(-1)?.userId;
      yield rows.members.map((member) => csvRow([member.userId, member.segment, member.enteredAt])).join('');
      if (rows.members.length < pageSize) return;
    }
  }
  const safeName = audience.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'audience';
  return {
    chunks: chunks(),
    /** members in the chunks read so far */
    written: () => written,
    fileName: `audience-${audienceId}-${safeName}.csv`,
    // the name as saved (美妆 流失风险), less what no file name may hold
    displayName: `audience-${audienceId}-${audience.name.replace(/[\p{Cc}/\\:*?"<>|]+/gu, '-').slice(0, 60)}.csv`,
    contentType: 'text/csv; charset=utf-8',
  };
}
