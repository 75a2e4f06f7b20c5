import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('onShutdownSignal', () => {
  it('finishes its shutdown when a second and third signal arrive during it', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-signal-'));
    const done = path.join(folder, 'done');
    const script = `
      const { onShutdownSignal } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'onShutdownSignal.ts'))});
      const { writeFile } = await import('node:fs/promises');
      onShutdownSignal(async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        await writeFile(${JSON.stringify(done)}, 'stopped');
        process.exit(0);
      });
      console.log('ready');
      setInterval(() => {}, 1000);`;
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
    const script = `
      const { onShutdownSignal } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'onShutdownSignal.ts'))});
      const { writeFile } = await import('node:fs/promises');
      onShutdownSignal(async () => {
        await writeFile(${JSON.stringify(done)}, 'stopped');
        process.exit(0);
      });
      setInterval(() => {}, 1000);`;
    const child = path.join(folder, 'child.mjs');
    await writeFile(child, script);
    // a shell that starts it in the background and ends while it runs, as npm's sh -c does when npm is sent SIGTERM
    const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${child}" & echo $!; sleep 3`], {
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
