const trim = (fixed: string) => fixed.replace(/\.0+$/, '');

/** File sizes as people read them: 812 KB, 3.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${trim((bytes / (1024 * 1024)).toFixed(1))} MB`;
  return `${trim((bytes / (1024 * 1024 * 1024)).toFixed(2))} GB`;
}
