import { NextIntlClientProvider } from 'next-intl';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RecommendationTable } from '@/app/users/[userId]/Recommendations';
import type { RecommendedItem } from '@/lib/queries/listUserRecommendations';
import english from '@/messages/en.json';

const render = (items: RecommendedItem[]) =>
  renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale: 'en',
      messages: english,
      timeZone: 'UTC',
      // biome-ignore lint/correctness/noChildrenProp: a .ts test has no JSX
      children: createElement(RecommendationTable, { items, currency: null }),
    }),
  );

const item = (overrides: Partial<RecommendedItem>): RecommendedItem => ({
  rank: 1,
  itemId: 'trk:00007',
  title: null,
  categories: [],
  price: null,
  score: 0.4,
  reason: 'popular overall',
  predictedRating: null,
  ...overrides,
});

describe('RecommendationTable', () => {
  it('shows a catalogue known only from events by its ids, without empty category and price columns', () => {
    const html = render([item({}), item({ rank: 2, itemId: 'trk:00020' })]);
    expect(html).toContain('trk:00007');
    expect(html).not.toContain('untitled');
    expect(html).not.toContain('>Categories<');
    expect(html).not.toContain('>Price<');
  });

  it('keeps the columns when any item has them', () => {
    const html = render([item({ title: 'Mug', categories: ['Kitchen'], price: 4.5 }), item({ rank: 2 })]);
    expect(html).toContain('Mug');
    expect(html).toContain('>Categories<');
    expect(html).toContain('>Price<');
  });
});
