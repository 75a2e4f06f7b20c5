import fs from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { afterEach, describe, expect, it } from 'vitest';
import { exportOf, persona } from '@/test/fixtures/personaExport';
import { personasToPdf } from './personasToPdf';

const dejaVu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const notoCjk = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

async function pdfText(buffer: Buffer): Promise<{ text: string; pages: number; firstPage: string }> {
  const parser = new PDFParse({ data: new Uint8Array(buffer) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total, firstPage: result.getPageText(1) };
  } finally {
    await parser.destroy();
  }
}

afterEach(() => {
  delete process.env.PORTRAIT_PDF_FONT;
});

describe('personasToPdf', () => {
  it('keeps each persona on one page however long its lists are', async () => {
    const long = persona(
      'Verbose',
      Array.from({ length: 40 }, (_, i) => `keyword${i}`),
    );
    long.traits = Array.from({ length: 5 }, (_, i) => ({
      ...long.traits[0],
      feature: `f${i}`,
      text: 'x '.repeat(300),
    }));
    long.description = 'A long description. '.repeat(60);
    long.topItems = Array.from({ length: 20 }, (_, i) => ({
      itemId: `sku-${i}`,
      title: 'T'.repeat(120),
      lift: 2,
      users: 3,
    }));
    const { pages, text } = await pdfText(await personasToPdf(exportOf([long, persona('Short', ['a'])])));
    expect(pages).toBe(3);
    expect(text).toContain('Short');
  });

  it('draws chart labels and signed differences as text', async () => {
    const { text } = await pdfText(await personasToPdf(exportOf([persona('Kitchen regulars', ['knife'])])));
    expect(text).toContain('Days since the last event');
    expect(text).toContain('+1.4 SD');
    expect(text).toContain('-0.9 SD');
  });

  it('with the built-in font, leaves out keywords in scripts it cannot draw and says where to find them', async () => {
    process.env.PORTRAIT_PDF_FONT = 'built-in';
    const { text } = await pdfText(
      await personasToPdf(exportOf([persona('Café regulars', ['crema', '咖啡', '拿铁', 'espresso'])])),
    );
    expect(text).toContain('Café regulars');
    expect(text).toContain('crema, espresso');
    expect(text).toContain('2 keywords in other scripts are in the CSV, JSON and Markdown exports');
  });

  it.skipIf(!fs.existsSync(dejaVu))('embeds PORTRAIT_PDF_FONT and draws every character it covers', async () => {
    process.env.PORTRAIT_PDF_FONT = dejaVu;
    const { text } = await pdfText(await personasToPdf(exportOf([persona('Łódź shoppers', ['żurek', 'Ελληνικά'])])));
    expect(text).toContain('Łódź shoppers');
    expect(text).toContain('żurek, Ελληνικά');
    expect(text).not.toContain('other scripts');
  });

  it('fills its first page: the run in figures, each persona in a few lines, and how to read the rest', async () => {
    const names = ['Kitchen regulars', 'Bargain hunters', 'Night owls', 'Gift buyers', 'Lapsed shoppers'];
    const { firstPage, pages } = await pdfText(
      await personasToPdf(exportOf(names.map((name) => persona(name, ['knife']))), { fontCandidates: [] }),
    );
    expect(pages).toBe(6);
    for (const name of names) expect(firstPage).toContain(name);
    expect(firstPage).toContain('USERS COVERED');
    expect(firstPage).toContain('Top categories: Kitchen.');
    expect(firstPage).toContain('How to read the persona pages');
    expect(firstPage.split('\n').filter((line) => line.trim()).length).toBeGreaterThan(25);
  });

  it('without a CJK font, warns on the first page that Chinese text prints as "?"', async () => {
    const { firstPage } = await pdfText(
      await personasToPdf(exportOf([persona('咖啡爱好者', ['拿铁'])]), { fontCandidates: [] }),
    );
    expect(firstPage).toContain('Warning: the font of this PDF has no Chinese, Japanese or Korean characters');
    expect(firstPage).toContain('fonts-noto-cjk');
    const latin = await pdfText(
      await personasToPdf(exportOf([persona('Coffee lovers', ['latte'])]), { fontCandidates: [] }),
    );
    expect(latin.firstPage).not.toContain('Warning');
  });

  it.skipIf(!fs.existsSync(notoCjk))(
    'embeds a Chinese font found on the machine by default and prints Chinese text',
    async () => {
      const chinese = persona('咖啡爱好者', ['拿铁', '浓缩']);
      chinese.description = '每周都买咖啡豆的常客。';
      const buffer = await personasToPdf(exportOf([chinese]));
      // pdfkit embeds a subset of the font under its PostScript name
      expect(buffer.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
      expect(buffer.toString('latin1')).toContain('/FontFile');
      const { text } = await pdfText(buffer);
      expect(text).toContain('咖啡爱好者');
      expect(text).toContain('每周都买咖啡豆的常客');
      expect(text).toContain('拿铁, 浓缩');
      expect(text).not.toContain('Warning');
      expect(text).not.toContain('other scripts');
    },
  );

  it.skipIf(!fs.existsSync(notoCjk) || !fs.existsSync(dejaVu))(
    'lets PORTRAIT_PDF_FONT override the Chinese font found',
    async () => {
      process.env.PORTRAIT_PDF_FONT = dejaVu;
      const buffer = await personasToPdf(exportOf([persona('Łódź shoppers', ['żurek'])]));
      expect(buffer.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
      expect(buffer.toString('latin1')).not.toContain('NotoSansCJK');
    },
  );

  it('refuses a PORTRAIT_PDF_FONT that does not exist, naming it', async () => {
    process.env.PORTRAIT_PDF_FONT = '/nonexistent/font.ttf';
    await expect(personasToPdf(exportOf([persona('A', [])]))).rejects.toThrow('/nonexistent/font.ttf');
  });
});
