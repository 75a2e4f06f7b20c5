import Link from 'next/link';
import type { ReactNode } from 'react';
import { type GlossaryKey, glossary } from './glossary';

/** A metric's name linked to its plain-language entry on /glossary. */
export function GlossaryLink({ term, children }: { term: GlossaryKey; children?: ReactNode }) {
  return (
    <Link href={`/glossary#${term}`} className="glossary-link" title={glossary[term].plain} data-glossary={term}>
      {children ?? glossary[term].term}
    </Link>
  );
}
