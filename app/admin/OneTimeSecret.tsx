'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import styles from './admin.module.css';

/** A password or key the server shows once: it is not stored in the clear, so it cannot be shown again. */
export function OneTimeSecret({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const t = useTranslations('Admin.forms');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(secret).catch(() => {});
    setCopied(true);
  };
  return (
    <div className={`warning ${styles.secret}`} role="status">
      <p>
        <strong>{label}</strong> {t('shownOnce')}
      </p>
      <div className="row">
        <code className={styles.secretValue} data-testid="one-time-secret">
          {secret}
        </code>
        <button type="button" onClick={copy}>
          {copied ? t('copied') : t('copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('done')}
        </button>
      </div>
    </div>
  );
}
