'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { useServerText } from '@/components/useServerText';
import { useStartRetrainMutation } from '@/hooks/useStartRetrainMutation';
import { useTextModelQuery } from '@/hooks/useTextModelQuery';
import type { DeviceRequest } from '@/lib/ml/runtime/device/computeDevice';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

/** Number of segments (chosen automatically or fixed), text model and map projection, then queue a retrain of the dataset. */
export function RetrainForm({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Admin.retrain');
  const ids = { k: useId(), text: useId(), status: useId() };
  const [kMode, setKMode] = useState<'auto' | 'fixed'>('auto');
  const [k, setK] = useState(6);
  const [textModel, setTextModel] = useState(true);
  const [map, setMap] = useState<'pca' | 'umap'>('pca');
  const [device, setDevice] = useState<DeviceRequest | 'server'>('server');
  const tDevice = useTranslations('RetrainDevice');
  const textModelCheck = useTextModelQuery(textModel);
  const start = useStartRetrainMutation();
  const serverText = useServerText();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({
      datasetId: dataset.id,
      k: kMode === 'auto' ? 'auto' : k,
      textModel,
      map,
      ...(device === 'server' ? {} : { device }),
    });
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-describedby={ids.status}
      aria-label={t('formLabel', { name: dataset.name })}
    >
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('segments')}</legend>
        <div className={styles.choices}>
          <label>
            <input type="radio" name="k-mode" checked={kMode === 'auto'} onChange={() => setKMode('auto')} />
            {t('automatic')}
          </label>
          <label>
            <input type="radio" name="k-mode" checked={kMode === 'fixed'} onChange={() => setKMode('fixed')} />
            {t('fixed')}
          </label>
          <label htmlFor={ids.k} className="visually-hidden">
            {t('fixedNumber')}
          </label>
          <input
            id={ids.k}
            className={styles.kInput}
            type="number"
            min={2}
            max={30}
            step={1}
            value={k}
            disabled={kMode === 'auto'}
            onChange={(event) => setK(Number(event.target.value))}
          />
        </div>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t('map')}</legend>
        <div className={styles.choices}>
          <label>
            <input type="radio" name="map" checked={map === 'pca'} onChange={() => setMap('pca')} />
            {t('pca')}
          </label>
          <label>
            <input type="radio" name="map" checked={map === 'umap'} onChange={() => setMap('umap')} />
            {t('umap')}
          </label>
        </div>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{tDevice('legend')}</legend>
        <div className={styles.choices}>
          {(['server', 'auto', 'cpu', 'webgpu', 'cuda'] as const).map((choice) => (
            <label key={choice}>
              <input type="radio" name="device" checked={device === choice} onChange={() => setDevice(choice)} />
              {tDevice(choice)}
            </label>
          ))}
        </div>
        <p className="muted small">{tDevice('hint')}</p>
      </fieldset>
      <div className={styles.choices}>
        <label htmlFor={ids.text}>
          <input
            id={ids.text}
            type="checkbox"
            checked={textModel}
            onChange={(event) => setTextModel(event.target.checked)}
          />
          {t('textModel')}
        </label>
      </div>
      {textModel && textModelCheck.data && !textModelCheck.data.available ? (
        <p className="warning small" role="status">
          {t('textModelMissing', {
            model: textModelCheck.data.model,
            reason: serverText(textModelCheck.data.reason ?? ''),
          })}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={start.isPending}>
        {start.isPending ? t('queuing') : t('start')}
      </button>
      <div id={ids.status} aria-live="polite" className={styles.formStatus}>
        {start.isError ? (
          <p role="alert" className="error">
            {start.error.message}
          </p>
        ) : start.isSuccess ? (
          <p className="muted small">{t('queued', { id: start.data.job.id })}</p>
        ) : null}
      </div>
    </form>
  );
}
