/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM and keeps the process alive through any
 * that follow until it is done: Ctrl+C reaches both npm and Portrait, and npm forwards it again,
 * so a second signal used to end the process half-way (the embedded database left running).
 */
export function onShutdownSignal(shutdown: () => Promise<void>): void {
  let stopping: Promise<void> | null = null;
  const handle = () => {
    stopping ??= shutdown();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
