/** A file name safe in a Content-Disposition header and on any file system: ASCII letters, digits, . _ - */
export function exportFileName(datasetName: string, runId: number, what: string, extension: string): string {
  const safe =
    datasetName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+|_+$/g, '') || 'dataset';
  return `${safe}-run${runId}-${what}.${extension}`;
}
