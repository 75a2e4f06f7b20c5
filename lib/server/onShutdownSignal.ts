/** how often a started process looks whether the process that started it is still there */
const parentCheckMs = 1000;

/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM, or when the process that started this one
 * goes away, and keeps the process alive through any signals that follow until it is done: Ctrl+C
 * reaches both npm and Portrait, and npm forwards it again, so a second signal used to end the
 * process half-way (the embedded database left running). A SIGTERM sent to `npm start` alone ends
 * npm and its `sh -c`, which does not pass it on: this process is then left to init, and takes
 * that as its signal.
 */
export function onShutdownSignal(shutdown: () => Promise<void>): void {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    void shutdown();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  const parent = process.ppid;
  if (parent <= 1) return;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    handle();
  }, parentCheckMs);
  watch.unref();
}
