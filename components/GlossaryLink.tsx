import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { GlossaryKey } from './glossary';

/** A metric's name linked to its plain-language entry on /glossary. */
export function GlossaryLink({ term, children }: { term: GlossaryKey; children?: ReactNode }) {
  const t = useTranslations('Glossary');
  return (
    <Link href={`/glossary#${term}`} className="glossary-link" title={t(`${term}.plain`)} data-glossary={term}>
      {children ?? t(`${term}.term`)}
    </Link>
  );
}
