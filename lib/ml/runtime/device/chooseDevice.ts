import type { ComputeDevice, DeviceChoice, DeviceRequest, SkippedDevice } from './computeDevice';
import { type DeviceProbes, defaultProbes } from './probeDevices';

/** GPUs in the order `auto` tries them. */
const gpuOrder = ['cuda', 'webgpu'] as const;

const cached = new Map<string, Promise<DeviceChoice>>();

/**
 * The device to compute on: `auto` takes CUDA where its libraries are installed and a test session
 * runs, else WebGPU where a Vulkan adapter answers, else the CPU; `cuda` or `webgpu` asked for
 * by name falls back to the CPU when it cannot start. Every device passed over is named with its
 * reason. Probes run in child processes and their answer is kept for the life of the process
 * (a driver does not appear while a server runs).
 */
export function chooseDevice(request: DeviceRequest, probes: DeviceProbes = defaultProbes): Promise<DeviceChoice> {
  if (probes !== defaultProbes) return decide(request, probes);
  let choice = cached.get(request);
  if (!choice) {
    choice = decide(request, probes);
    cached.set(request, choice);
  }
  return choice;
}

async function decide(request: DeviceRequest, probes: DeviceProbes): Promise<DeviceChoice> {
  if (request === 'cpu') return { requested: request, device: 'cpu', skipped: [] };
  const candidates = request === 'auto' ? gpuOrder : [request];
  const skipped: SkippedDevice[] = [];
  for (const device of candidates) {
    const probe = await probes[device]();
    if (probe.ok) return { requested: request, device, skipped };
    skipped.push({ device, reason: probe.reason });
  }
  return { requested: request, device: 'cpu', skipped };
}

/**
 * The next device after `failed` could not load a model: the same choice with `failed` added to
 * the skipped list and the CPU in its place (the CPU is always there).
 */
export function fallBackFrom(choice: DeviceChoice, failed: ComputeDevice, reason: string): DeviceChoice {
  return { ...choice, device: 'cpu', skipped: [...choice.skipped, { device: failed, reason }] };
}
