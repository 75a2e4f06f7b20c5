// Runs once per web server process (Next.js calls register on start).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.PORTRAIT_CHANGE_LISTENER === '0') return;
  const { listenForChanges } = await import('@/lib/db/changeNotices');
  listenForChanges((line) => console.warn(line));
}
