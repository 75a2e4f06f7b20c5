import { NextIntlClientProvider } from 'next-intl';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClampedText } from '@/components/ClampedText';
import english from '@/messages/en.json';

const render = (text: string) =>
  renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale: 'en',
      messages: english,
      timeZone: 'UTC',
      // biome-ignore lint/correctness/noChildrenProp: a .ts test has no JSX
      children: createElement(ClampedText, { text }),
    }),
  );

describe('ClampedText', () => {
  it('shows a short text whole', () => {
    expect(render('doesnt. its ok i guess')).toBe('doesnt. its ok i guess');
  });

  it('shows the start of a long review and offers the rest', () => {
    const review = `${'great album '.repeat(250)}END`;
    const html = render(review);
    expect(html).not.toContain('END');
    expect(html).toContain('…');
    expect(html).toContain('Show all 3,003 characters');
    expect(html).toContain('aria-expanded="false"');
  });
});
