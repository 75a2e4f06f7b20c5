import { Worker } from 'node:worker_threads';

export interface ThreadRun<T> {
  result: Promise<T>;
  /** ends the thread early (the caller failed and no longer needs the result) */
  stop(): void;
}

interface ThreadOptions<T> {
  /** how the log names the thread: "Recommender" -> "Recommender thread failed (...)" */
  name: string;
  /** how the log says the work goes on: "recommending on the main thread" */
  fallback: string;
  /** the same work on this thread, when the thread cannot start or fails */
  inline: () => Promise<T>;
  log: (line: string) => void;
  /** called once the thread runs, e.g. to send it later input */
  onStart?: (thread: Worker) => void;
}

/**
 * Runs a module on a worker thread with `workerData`, answering with its one message. When the
 * thread cannot start or fails, `inline` does the same work here instead; a thread that exits
 * without answering is an error.
 */
export function runOnThread<T>(module: URL, workerData: unknown, options: ThreadOptions<T>): ThreadRun<T> {
  let thread: Worker | null = null;
  let stopped = false;
  const result = new Promise<T>((resolve, reject) => {
    const inline = (reason: string) => {
      options.log(`${options.name} ${reason}; ${options.fallback}`);
      options.inline().then(resolve, reject);
    };
    try {
      thread = new Worker(module, { workerData });
    } catch (error) {
      // a macrotask, so the caller's other work is already under way
      setImmediate(() => inline(`thread did not start (${(error as Error).message})`));
      return;
    }
    const started = thread;
    options.onStart?.(started);
    let settled = false;
    started.once('message', (message: T) => {
      settled = true;
      resolve(message);
      void started.terminate();
    });
    started.once('error', (error) => {
      if (settled || stopped) return;
      settled = true;
      inline(`thread failed (${error.message})`);
    });
    started.once('exit', (code) => {
      if (settled || stopped) return;
      settled = true;
      reject(new Error(`the ${options.name.toLowerCase()} thread exited with code ${code} before it answered`));
    });
  });
  return {
    result,
    stop() {
      stopped = true;
      void (thread as Worker | null)?.terminate();
    },
  };
}
