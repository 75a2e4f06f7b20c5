/** Where onnxruntime-node runs Portrait's models and graphs. */
export const computeDevices = ['cuda', 'webgpu', 'cpu'] as const;
export type ComputeDevice = (typeof computeDevices)[number];

/** What PORTRAIT_DEVICE, the retrain form and `portrait train --device` may ask for. */
export const deviceRequests = ['auto', ...computeDevices] as const;
export type DeviceRequest = (typeof deviceRequests)[number];

/** A device that was not used, and why. */
export interface SkippedDevice {
  device: ComputeDevice;
  reason: string;
}

/** The device a run computed on, as stored on the run and shown with it. */
export interface DeviceChoice {
  requested: DeviceRequest;
  device: ComputeDevice;
  /** the devices tried before it (auto: CUDA, then WebGPU), each with the reason it was passed over */
  skipped: SkippedDevice[];
}

const deviceNames: Record<ComputeDevice, string> = { cuda: 'CUDA', webgpu: 'WebGPU', cpu: 'CPU' };

/** The name people know a device by, for logs and warnings. */
export function deviceName(device: ComputeDevice): string {
  return deviceNames[device];
}

export function isGpu(device: ComputeDevice): boolean {
  return device !== 'cpu';
}

/** Reads a device request (PORTRAIT_DEVICE's value or a flag); throws naming where it came from. */
export function parseDeviceRequest(value: string | undefined, source = 'PORTRAIT_DEVICE'): DeviceRequest {
  const request = (value ?? 'auto').trim().toLowerCase() || 'auto';
  if (!(deviceRequests as readonly string[]).includes(request))
    throw new Error(`${source} must be one of ${deviceRequests.join(', ')}, not "${value}"`);
  return request as DeviceRequest;
}

/** One line for logs: "CPU (asked for auto; CUDA skipped: ...; WebGPU skipped: ...)". */
export function describeDeviceChoice(choice: DeviceChoice): string {
  const skipped = choice.skipped.map((entry) => `${deviceName(entry.device)} skipped: ${entry.reason}`);
  return `${deviceName(choice.device)} (${[`asked for ${choice.requested}`, ...skipped].join('; ')})`;
}
