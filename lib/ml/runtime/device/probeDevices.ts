import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { encodeOnnxModel, floatTensor, onnxType } from '@/lib/ml/runtime/onnx/encodeOnnxModel';
import type { ComputeDevice } from './computeDevice';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** How long a probe's child process may take before the device counts as unusable. */
const probeTimeoutMs = 30_000;

function onnxruntimeFolder(): string | null {
  try {
    // (not a named import: bundles for the GPU machine declare their own createRequire)
    const entry = nodeModule.createRequire(import.meta.url).resolve('onnxruntime-node');
    return path.resolve(path.dirname(entry), '..');
  } catch {
    return null;
  }
}

/** The folder of onnxruntime-node's native binding for this platform (CUDA's libraries go beside it). */
export function onnxruntimeBinaryFolder(): string | null {
  const folder = onnxruntimeFolder();
  return folder && path.join(folder, 'bin', 'napi-v6', process.platform, process.arch);
}

// A 2 x 2 MatMul: enough for an execution provider to find its adapter and compile a kernel.
const probeModel = Buffer.from(
  encodeOnnxModel({
    name: 'device_probe',
    nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
    initializers: [floatTensor('w', [2, 2], [1, 2, 3, 4])],
    inputs: [{ name: 'x', type: onnxType.float, dims: [2, 2] }],
    outputs: [{ name: 'y', type: onnxType.float, dims: [2, 2] }],
  }),
).toString('base64');

// Runs in a child process, so a driver that aborts or hangs takes only the child with it.
const probeScript = `
const [ortPath, provider, model] = process.argv.slice(1);
(async () => {
  const ort = require(ortPath);
  const session = await ort.InferenceSession.create(Buffer.from(model, 'base64'), { executionProviders: [provider] });
  const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 0, 0, 1]), [2, 2]) });
  const y = Array.from(out.y.data);
  if (y.join(',') !== '1,2,3,4') throw new Error('wrong result ' + y.join(','));
  process.stdout.write('ok');
})().catch((error) => { process.stdout.write('error: ' + String(error && error.message || error)); });
`;

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? '';
  return line.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Creates a tiny session on `provider` in a child process and runs it once. */
export function probeExecutionProvider(provider: 'cuda' | 'webgpu'): Promise<ProbeResult> {
  const folder = onnxruntimeFolder();
  if (!folder) return Promise.resolve({ ok: false, reason: 'onnxruntime-node is not installed' });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', probeScript, folder, provider, probeModel],
      { timeout: probeTimeoutMs, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (stdout === 'ok') resolve({ ok: true });
        else if (stdout.startsWith('error: ')) resolve({ ok: false, reason: firstLine(stdout.slice(7)) });
        else if (error?.killed)
          resolve({ ok: false, reason: `a test session did not finish in ${probeTimeoutMs / 1000} s` });
        else
          resolve({
            ok: false,
            reason: `a test session crashed (${error?.signal ?? `exit ${error?.code}`}): ${firstLine(stderr) || 'no message'}`,
          });
      },
    );
  });
}

/** CUDA: only when onnxruntime-node's CUDA provider libraries were installed, then a test session. */
export async function probeCuda(): Promise<ProbeResult> {
  const binaries = onnxruntimeBinaryFolder();
  if (!binaries || !existsSync(path.join(binaries, 'libonnxruntime_providers_cuda.so')))
    return {
      ok: false,
      reason:
        "onnxruntime-node's CUDA provider libraries are not installed (install with ONNXRUNTIME_NODE_INSTALL=cuda12, CUDA 12 and cuDNN 9)",
    };
  return probeExecutionProvider('cuda');
}

function libraryFolders(env: Record<string, string | undefined>): string[] {
  return [
    ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
}

function icdFiles(env: Record<string, string | undefined>): string[] {
  const named = (env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES ?? '').split(':').filter(Boolean);
  if (named.length > 0) return named.filter((file) => existsSync(file));
  const dataDirs = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':').filter(Boolean);
  const folders = ['/etc/vulkan/icd.d', ...dataDirs.map((dir) => path.join(dir, 'vulkan', 'icd.d'))];
  return folders.flatMap((folder) => {
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.join(folder, name));
    } catch {
      return [];
    }
  });
}

/**
 * WebGPU (Dawn on Vulkan in onnxruntime-node's Linux build): on Linux only when the Vulkan loader
 * and a driver's ICD file are there, then a test session, which fails when Dawn finds no adapter
 * (e.g. Mesa's software lavapipe). Elsewhere (Metal, Direct3D) the test session decides.
 */
export async function probeWebgpu(env: Record<string, string | undefined> = process.env): Promise<ProbeResult> {
  if (process.platform === 'linux') {
    if (!libraryFolders(env).some((folder) => existsSync(path.join(folder, 'libvulkan.so.1'))))
      return { ok: false, reason: 'no Vulkan loader (libvulkan.so.1, Debian package libvulkan1) on this machine' };
    if (icdFiles(env).length === 0)
      return {
        ok: false,
        reason:
          "no Vulkan driver: no ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d (set VK_DRIVER_FILES to the GPU driver's)",
      };
  }
  return probeExecutionProvider('webgpu');
}

export type DeviceProbes = Record<Exclude<ComputeDevice, 'cpu'>, () => Promise<ProbeResult>>;

export const defaultProbes: DeviceProbes = { cuda: probeCuda, webgpu: () => probeWebgpu() };
