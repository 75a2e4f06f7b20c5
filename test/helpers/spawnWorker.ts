import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** SIGKILL, as a crash or the OOM killer would: no cleanup runs */
  kill9(): Promise<void>;
  /** SIGTERM, then waits for a clean exit */
  stop(): Promise<void>;
}

/**
 * `node bin/portrait.js worker` as a separate process on the test database, with a fast
 * heartbeat and a short stale limit so a killed worker's job is retried within seconds.
 */
export function spawnWorker(env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ['bin/portrait.js', 'worker', '--no-schedules'], {
    cwd: root,
    env: {
      ...process.env,
      PORTRAIT_JOB_HEARTBEAT_MS: '200',
      PORTRAIT_JOB_STALE_MS: '2000',
      PORTRAIT_JOB_POLL_MS: '100',
      PORTRAIT_JOB_SWEEP_MS: '250',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
