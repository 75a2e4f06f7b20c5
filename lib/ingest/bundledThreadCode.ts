import path from 'node:path';

const bundles = new Map<string, Promise<string>>();

/**
 * A thread's TypeScript entry with everything it imports, as one CommonJS script for
 * `new Worker(code, { eval: true })`, made once per process. A thread that loaded the TypeScript
 * through tsx's loader took about 230 ms of CPU to start (a loader thread of its own, then each
 * module resolved and transformed), where the import's own parsing needs those cores; the
 * bundle takes about 40 ms to make and a thread 25 ms to start from it.
 */
export function bundledThreadCode(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = import('esbuild').then(async ({ build }) => {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: `node${process.versions.node.split('.')[0]}`,
        tsconfig: path.resolve(import.meta.dirname, '../../tsconfig.json'),
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0].text;
    });
    // said once a process; the callers go on without threads
    bundle.catch((error: Error) =>
      console.warn(`Could not bundle ${path.basename(entry)} for threads (${error.message}); working on one thread`),
    );
    bundles.set(entry, bundle);
  }
  return bundle;
}
