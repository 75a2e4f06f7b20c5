import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDevice } from './chooseDevice';
import { describeDeviceChoice, parseDeviceRequest } from './computeDevice';
import { onnxruntimeBinaryFolder, probeExecutionProvider, probeWebgpu } from './probeDevices';

const cudaInstalled = existsSync(path.join(onnxruntimeBinaryFolder() ?? '', 'libonnxruntime_providers_cuda.so'));

describe('chooseDevice on this machine (real probes)', () => {
  it('auto picks the CPU without a GPU and says why CUDA and WebGPU were skipped', async () => {
    const choice = await chooseDevice('auto');
    if (choice.device !== 'cpu') return; // a machine with a working GPU: nothing to check here
    expect(choice.requested).toBe('auto');
    expect(choice.skipped.map((entry) => entry.device)).toEqual(['cuda', 'webgpu']);
    if (!cudaInstalled) expect(choice.skipped[0].reason).toMatch(/CUDA provider libraries are not installed/);
    expect(choice.skipped[1].reason).toMatch(/Vulkan|adapter/);
    expect(describeDeviceChoice(choice)).toMatch(/^CPU \(asked for auto; CUDA skipped: .*; WebGPU skipped: /);
  });

  it('cpu asks no probe and skips nothing', async () => {
    expect(await chooseDevice('cpu')).toEqual({ requested: 'cpu', device: 'cpu', skipped: [] });
  });

  it('a GPU asked for by name that cannot start falls back to the CPU, with its reason', async () => {
    const choice = await chooseDevice('webgpu');
    if (choice.device !== 'cpu') return;
    expect(choice.skipped).toEqual([{ device: 'webgpu', reason: expect.any(String) }]);
  });

  it('reports a WebGPU test session that finds no adapter instead of crashing', async () => {
    const probe = await probeExecutionProvider('webgpu');
    if (probe.ok) return;
    expect(probe.reason.length).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')('names the missing Vulkan driver before trying a session', async () => {
    const probe = await probeWebgpu({ VK_DRIVER_FILES: '/nonexistent/icd.json', LD_LIBRARY_PATH: '' });
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.reason).toMatch(/Vulkan/);
  });
});

describe('chooseDevice order (probes given)', () => {
  const ok = async () => ({ ok: true as const });
  const no = (reason: string) => async () => ({ ok: false as const, reason });

  it('auto takes CUDA first when it runs', async () => {
    expect(await chooseDevice('auto', { cuda: ok, webgpu: ok })).toEqual({
      requested: 'auto',
      device: 'cuda',
      skipped: [],
    });
  });

  it('auto takes WebGPU when CUDA cannot start, and keeps CUDA reason', async () => {
    expect(await chooseDevice('auto', { cuda: no('no libraries'), webgpu: ok })).toEqual({
      requested: 'auto',
      device: 'webgpu',
      skipped: [{ device: 'cuda', reason: 'no libraries' }],
    });
  });

  it('webgpu asked for by name never tries CUDA', async () => {
    const choice = await chooseDevice('webgpu', { cuda: ok, webgpu: no('no adapter') });
    expect(choice).toEqual({
      requested: 'webgpu',
      device: 'cpu',
      skipped: [{ device: 'webgpu', reason: 'no adapter' }],
    });
  });
});

describe('parseDeviceRequest', () => {
  it('reads auto, cpu, webgpu and cuda in any case, auto when unset', () => {
    expect(parseDeviceRequest(undefined)).toBe('auto');
    expect(parseDeviceRequest('WebGPU')).toBe('webgpu');
    expect(parseDeviceRequest(' cuda ')).toBe('cuda');
  });

  it('names the setting and the accepted values for anything else', () => {
    expect(() => parseDeviceRequest('gpu')).toThrow(
      'PORTRAIT_DEVICE must be one of auto, cuda, webgpu, cpu, not "gpu"',
    );
    expect(() => parseDeviceRequest('tpu', '--device')).toThrow(/^--device must be one of/);
  });
});
