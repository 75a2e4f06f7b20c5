import { glossary, glossaryKeys } from '@/components/glossary';
import { PageHeader } from '@/components/PageHeader';

export const metadata = { title: 'Glossary · Portrait' };

/** Every metric and model term the dashboard shows, each with an anchor the screens link to. */
export default function GlossaryPage() {
  return (
    <>
      <PageHeader title="Glossary" subtitle="What each number on the dashboard means, and how to read it." />
      <section className="panel">
        <dl className="glossary">
          {glossaryKeys.map((key) => (
            <div key={key} id={key} className="glossary-entry">
              <dt>{glossary[key].term}</dt>
              <dd>
                <p>{glossary[key].plain}</p>
                <p className="muted">{glossary[key].reading}</p>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
