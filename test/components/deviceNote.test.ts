import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RetrainForm } from '@/app/admin/RetrainForm';
import { DeviceNote } from '@/components/DeviceNote';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import english from '@/messages/en.json';
import chinese from '@/messages/zh-CN.json';

function render(element: ReactElement, locale: 'en' | 'zh-CN' = 'en'): string {
  return renderToStaticMarkup(
    createElement(QueryClientProvider, {
      client: new QueryClient(),
      // biome-ignore lint/correctness/noChildrenProp: a .ts test has no JSX, and the providers' props types require children
      children: createElement(NextIntlClientProvider, {
        locale,
        messages: locale === 'en' ? english : chinese,
        timeZone: 'UTC',
        // biome-ignore lint/correctness/noChildrenProp: as above
        children: element,
      }),
    }),
  );
}

const cpuChoice = {
  requested: 'auto' as const,
  device: 'cpu' as const,
  skipped: [
    { device: 'cuda' as const, reason: 'no CUDA libraries' },
    { device: 'webgpu' as const, reason: 'no Vulkan loader' },
  ],
};

describe('DeviceNote', () => {
  it('says where a run computed and why each other device was skipped', () => {
    const html = render(createElement(DeviceNote, { device: cpuChoice }));
    expect(html).toContain('data-device="cpu"');
    expect(html).toContain(
      'Computed on CPU (asked for auto); CUDA skipped: no CUDA libraries; WebGPU skipped: no Vulkan loader',
    );
    expect(render(createElement(DeviceNote, { device: cpuChoice }), 'zh-CN')).toContain('在 CPU 上计算（请求：auto）');
  });

  it('says so for a run from before devices were recorded', () => {
    expect(render(createElement(DeviceNote, { device: null }))).toContain('Device: not recorded for this run');
  });
});

describe('RetrainForm device choice', () => {
  const dataset = { id: 3, name: 'shop' } as DatasetSummary;

  it('offers the server default, auto, CPU, WebGPU and CUDA, with the server default chosen', () => {
    const html = render(createElement(RetrainForm, { dataset }));
    expect(html).toContain('<legend');
    const radios = [...html.matchAll(/<input type="radio" name="device"( checked="")?\/>([^<]+)</g)];
    expect(radios.map((match) => match[2])).toEqual([
      'Server default (PORTRAIT_DEVICE)',
      'Automatic: CUDA, then WebGPU, then the CPU',
      'CPU',
      'WebGPU (a Vulkan GPU)',
      'CUDA (needs onnxruntime-node&#x27;s CUDA libraries)',
    ]);
    expect(radios.map((match) => Boolean(match[1]))).toEqual([true, false, false, false, false]);
    expect(render(createElement(RetrainForm, { dataset }), 'zh-CN')).toContain('服务器默认（PORTRAIT_DEVICE）');
  });
});
