import { useTranslations } from 'next-intl';
import { deviceName } from '@/lib/ml/runtime/device/computeDevice';
import type { RunSummary } from '@/lib/queries/runSummary';
import { useServerText } from './useServerText';

/** Where a run computed (text embeddings, a large k-means), and why the other devices were skipped. */
export function useDeviceText(): (device: RunSummary['device']) => string {
  const t = useTranslations('Device');
  const serverText = useServerText();
  return (choice) => {
    if (!choice) return t('notRecorded');
    const used = t('used', { device: deviceName(choice.device), requested: choice.requested });
    const skipped = choice.skipped.map((entry) =>
      t('skipped', { device: deviceName(entry.device), reason: serverText(entry.reason) }),
    );
    return [used, ...skipped].join('; ');
  };
}

export function DeviceNote({ device }: { device: RunSummary['device'] }) {
  const deviceText = useDeviceText();
  return (
    <p className="muted small" data-device={device?.device ?? 'none'}>
      {deviceText(device)}
    </p>
  );
}
