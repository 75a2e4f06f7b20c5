import { useTranslations } from 'next-intl';
import { formatCount } from '@/components/format';
import { useServerText } from '@/components/useServerText';
import type { ImportJobReport } from '@/lib/imports/importReport';
import styles from './import.module.css';

/** What each file brought: rows read, added, duplicates, rejected, and the reject file to download. */
export function ImportCounts({ report, jobId }: { report: ImportJobReport; jobId: number }) {
  const t = useTranslations('ImportStatus');
  const serverText = useServerText();
  return (
    <div className="table-scroll">
      <table className={styles.numbers}>
        <caption className="visually-hidden">{t('rowsPerFile')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('file')}</th>
            <th scope="col">{t('rowsRead')}</th>
            <th scope="col">{t('added')}</th>
            <th scope="col">{t('duplicates')}</th>
            <th scope="col">{t('rejected')}</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr key={file.kind}>
              <th scope="row">
                {t('kind', { kind: file.kind })}: {file.name}
              </th>
              <td>{formatCount(file.rowsRead)}</td>
              <td>
                {formatCount(file.inserted - (file.updated ?? 0))}
                {file.updated ? (
                  <span className="muted"> {t('alsoUpdated', { shown: formatCount(file.updated) })}</span>
                ) : null}
              </td>
              <td>{formatCount(file.duplicates)}</td>
              <td>
                {formatCount(file.rejected)}
                {file.rejected > 0 && file.rejectFile ? (
                  <>
                    {' '}
                    <a href={`/api/imports/${jobId}/rejects/${file.kind}`} download>
                      {t.rich('downloadRejected', {
                        name: file.name,
                        hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                      })}
                    </a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.files.map((file) => {
        const missing = Object.entries(file.missing ?? {}).filter(([, count]) => count > 0);
        return missing.length > 0 ? (
          <p key={file.kind} className="muted small">
            {t('missingValues', {
              name: file.name,
              list: missing.map(([column, count]) => `${column} ${formatCount(count)}`).join(t('listSeparator')),
            })}
          </p>
        ) : null;
      })}
      {report.files.flatMap((file) =>
        (file.notes ?? []).map((note) => (
          <p key={`${file.kind}-${note}`} className="muted small" data-import-note>
            {serverText(note)}
          </p>
        )),
      )}
    </div>
  );
}

/** The bad rows: file, line and reason of the first ones, and how many there were in all. */
export function ImportErrors({ report }: { report: ImportJobReport }) {
  const t = useTranslations('ImportStatus');
  const serverText = useServerText();
  const shown = report.errors.length;
  return (
    <div className="table-scroll">
      <table className={styles.errors}>
        <caption className="visually-hidden">
          {shown < report.errorCount
            ? t('firstErrors', { shown, total: formatCount(report.errorCount) })
            : t('allErrors', { count: report.errorCount, total: formatCount(report.errorCount) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('file')}</th>
            <th scope="col">{t('line')}</th>
            <th scope="col">{t('reason')}</th>
          </tr>
        </thead>
        <tbody>
          {report.errors.map((error) => (
            <tr key={`${error.file}:${error.line}:${error.reason}`}>
              <td>{error.file}</td>
              <td>{error.line}</td>
              <td>{serverText(error.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown < report.errorCount ? (
        <p className="muted small">{t('more', { count: formatCount(report.errorCount - shown) })}</p>
      ) : null}
    </div>
  );
}
