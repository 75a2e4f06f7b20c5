import { getTranslations } from 'next-intl/server';
import { glossaryKeys } from '@/components/glossary';
import { PageHeader } from '@/components/PageHeader';

export async function generateMetadata() {
  const t = await getTranslations('GlossaryPage');
  return { title: `${t('title')} · Portrait` };
}

/** Every metric and model term the dashboard shows, each with an anchor the screens link to. */
export default async function GlossaryPage() {
  const t = await getTranslations('GlossaryPage');
  const entry = await getTranslations('Glossary');
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <section className="panel">
        <dl className="glossary">
          {glossaryKeys.map((key) => (
            <div key={key} id={key} className="glossary-entry">
              <dt>{entry(`${key}.term`)}</dt>
              <dd>
                <p>{entry(`${key}.plain`)}</p>
                <p className="muted">{entry(`${key}.reading`)}</p>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
