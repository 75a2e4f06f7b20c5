import { formatCount } from '@/components/format';
import type { ImportJobReport } from '@/lib/imports/importReport';
import styles from './import.module.css';

const kindLabels = { events: 'Events', items: 'Items', users: 'Users' } as const;

/** What each file brought: rows read, added, duplicates, rejected, and the reject file to download. */
export function ImportCounts({ report, jobId }: { report: ImportJobReport; jobId: number }) {
  return (
    <div className="table-scroll">
      <table className={styles.numbers}>
        <caption className="visually-hidden">Rows per file</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Rows read</th>
            <th scope="col">Added</th>
            <th scope="col">Duplicates</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr key={file.kind}>
              <th scope="row">
                {kindLabels[file.kind]}: {file.name}
              </th>
              <td>{formatCount(file.rowsRead)}</td>
              <td>{formatCount(file.inserted)}</td>
              <td>{formatCount(file.duplicates)}</td>
              <td>
                {formatCount(file.rejected)}
                {file.rejected > 0 && file.rejectFile ? (
                  <>
                    {' '}
                    <a href={`/api/imports/${jobId}/rejects/${file.kind}`} download>
                      Download rejected rows<span className="visually-hidden"> of {file.name}</span>
                    </a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The bad rows: file, line and reason of the first ones, and how many there were in all. */
export function ImportErrors({ report }: { report: ImportJobReport }) {
  const shown = report.errors.length;
  return (
    <div className="table-scroll">
      <table className={styles.errors}>
        <caption className="visually-hidden">
          {shown < report.errorCount
            ? `The first ${shown} of ${formatCount(report.errorCount)} bad rows`
            : `${formatCount(report.errorCount)} bad ${report.errorCount === 1 ? 'row' : 'rows'}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Line</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {report.errors.map((error) => (
            <tr key={`${error.file}:${error.line}:${error.reason}`}>
              <td>{error.file}</td>
              <td>{error.line}</td>
              <td>{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown < report.errorCount ? (
        <p className="muted small">
          … and {formatCount(report.errorCount - shown)} more. The reject file of a skip-invalid import lists them all.
        </p>
      ) : null}
    </div>
  );
}
