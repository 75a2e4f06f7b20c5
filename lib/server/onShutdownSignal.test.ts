import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** A process whose shutdown takes `shutdownMs`, then writes `done` and exits; it says "ready" once it listens. */
function stoppingProcess(done: string, shutdownMs: number): string {
  return `
    const { onShutdownSignal } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'onShutdownSignal.ts'))});
    const { writeFile } = await import('node:fs/promises');
    onShutdownSignal(async () => {
      await new Promise((resolve) => setTimeout(resolve, ${shutdownMs}));
      await writeFile(${JSON.stringify(done)}, 'stopped');
      process.exit(0);
    });
    console.log('ready');
    setInterval(() => {}, 1000);`;
}

describe('onShutdownSignal', () => {
  it('finishes its shutdown when a second and third signal arrive during it', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-signal-'));
    const done = path.join(folder, 'done');
    const script = stoppingProcess(done, 600);
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await readFile(done, 'utf8')).toBe('stopped');
    await rm(folder, { recursive: true, force: true });
  });

  it('shuts down when the process that started it goes away without passing a signal on', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-signal-'));
    const done = path.join(folder, 'done');
    const child = path.join(folder, 'child.mjs');
    await writeFile(child, stoppingProcess(done, 0));
    // a shell that starts it in the background and ends while it runs, as npm's sh -c does when npm is sent SIGTERM
    const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${child}" & sleep 3`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => shell.stdout.once('data', resolve));
    const deadline = Date.now() + 20_000;
    let stopped = false;
    while (!stopped && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      stopped = await readFile(done, 'utf8').then(
        () => true,
        () => false,
      );
    }
    expect(stopped).toBe(true);
    await rm(folder, { recursive: true, force: true });
  }, 30_000);
});
