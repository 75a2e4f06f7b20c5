'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { formatCount } from './format';

const longerThan = 280;
const shownChars = 240;

/** A text that may be very long (a review), shown in full only on request so a table row stays readable. */
export function ClampedText({ text }: { text: string }) {
  const t = useTranslations('ClampedText');
  const [open, setOpen] = useState(false);
  if (text.length <= longerThan) return <>{text}</>;
  return (
    <>
      {open ? text : `${text.slice(0, shownChars).trimEnd()}…`}{' '}
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('less') : t('all', { shown: formatCount(text.length) })}
      </button>
    </>
  );
}
