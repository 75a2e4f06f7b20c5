import PDFDocument from 'pdfkit';
import { displayName } from '@/lib/datasets/displayText';
import { drawFeatureChart } from './drawFeatureChart';
import { type ExportLanguage, exportLanguage } from './exportLanguage';
import {
  choosePdfFonts,
  drawableText,
  fullyDrawable,
  type PdfFonts,
  type systemCjkFonts,
  undrawableCharacters,
} from './pdfFonts';
import type { ExportedSegment, PersonaExport } from './personaExport.types';
import { readableIn } from './readableNumbers';

const margin = 48;
const ink = '#1F2430';
const muted = '#5B6270';
const accent = '#0072B2';
const panel = '#F1F3F9';
const warning = '#B42318';

type Doc = PDFKit.PDFDocument;

/** A heading, unless the page has no room for it and a line under it (pdfkit would start a page). */
function section(doc: Doc, fonts: PdfFonts, title: string) {
  if (roomLeft(doc) < 40) return;
  doc.moveDown(0.6).font(fonts.bold).fontSize(11).fillColor(ink).text(title, margin);
  doc.moveDown(0.2);
}

/** Room left on the page above the bottom margin. */
function roomLeft(doc: Doc): number {
  return doc.page.maxY() - doc.y;
}

/** Text that stops at the page's end instead of spilling onto a new page. */
function paragraph(
  doc: Doc,
  fonts: PdfFonts,
  text: string,
  options: { size?: number; colour?: string; bold?: boolean } = {},
) {
  const width = doc.page.width - 2 * margin;
  doc
    .font(options.bold ? fonts.bold : fonts.regular)
    .fontSize(options.size ?? 9.5)
    .fillColor(options.colour ?? ink);
  // heightOfString can come out a rounding error below the line height (13.031999 vs 13.032 in
  // Noto Sans CJK), which would drop the line: half a point of slack, far less than a line
  const slack = 0.5;
  const height = Math.min(doc.heightOfString(drawableText(text, fonts), { width }), roomLeft(doc)) + slack;
  if (height < doc.currentLineHeight()) return;
  doc.text(drawableText(text, fonts), margin, doc.y, { width, height, ellipsis: true });
}

function footer(doc: Doc, fonts: PdfFonts, text: string) {
  // Written below the bottom margin, where pdfkit would otherwise start a new page.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc
    .font(fonts.regular)
    .fontSize(7.5)
    .fillColor(muted)
    .text(drawableText(text, fonts), margin, doc.page.height - margin + 16, {
      width: doc.page.width - 2 * margin,
      lineBreak: false,
    });
  doc.page.margins.bottom = bottom;
}

function statBoxes(doc: Doc, fonts: PdfFonts, stats: { label: string; value: string }[]) {
  const gap = 8;
  const width = (doc.page.width - 2 * margin - gap * (stats.length - 1)) / stats.length;
  const top = doc.y;
  const height = 40;
  stats.forEach((stat, i) => {
    const x = margin + i * (width + gap);
    doc.rect(x, top, width, height).fill(panel);
    doc
      .font(fonts.regular)
      .fontSize(7.5)
      .fillColor(muted)
      .text(drawableText(stat.label.toUpperCase(), fonts), x + 8, top + 7, {
        width: width - 16,
        height: 10,
        ellipsis: true,
      });
    doc
      .font(fonts.bold)
      .fontSize(12)
      .fillColor(ink)
      .text(drawableText(stat.value, fonts), x + 8, top + 20, { width: width - 16, height: 16, ellipsis: true });
  });
  doc.x = margin;
  doc.y = top + height;
}

/** Characters in what the export prints (its data and, in Chinese, its own words) that the chosen font cannot draw. */
function missingCharacters(data: PersonaExport, fonts: PdfFonts, t: ExportLanguage['t']): string[] {
  return undrawableCharacters(JSON.stringify([data.dataset.name, data.segments, t('thePersonas')]), fonts);
}

function coverPage(doc: Doc, fonts: PdfFonts, data: PersonaExport, { t }: ExportLanguage) {
  const r = readableIn(t);
  doc.addPage();
  const width = doc.page.width - 2 * margin;
  doc.rect(0, 0, doc.page.width, 8).fill(accent);
  doc
    .font(fonts.bold)
    .fontSize(24)
    .fillColor(ink)
    .text(drawableText(t('title', { dataset: data.dataset.name }), fonts), margin, margin, { width });
  paragraph(
    doc,
    fonts,
    t('pdfRunLine', {
      run: data.runId,
      trained: r.date(data.createdAt),
      upTo: r.date(data.eventsUpTo),
      exported: r.date(data.exportedAt),
    }),
    { colour: muted },
  );
  const users = data.segments.reduce((sum, segment) => sum + segment.persona.size, 0);
  const churn = data.metrics.churn as { auc?: unknown } | undefined;
  doc.moveDown(0.8);
  statBoxes(doc, fonts, [
    { label: t('statPersonas'), value: r.number(data.segments.length) },
    { label: t('statUsersCovered'), value: r.number(users) },
    { label: t('statLeftOut'), value: r.number(data.hiddenSegments.users) },
    { label: t('statChurnAuc'), value: typeof churn?.auc === 'number' ? r.number(churn.auc) : t('na') },
  ]);
  doc.moveDown(0.6);
  paragraph(
    doc,
    fonts,
    t('pdfCovering', { personas: data.segments.length, users: r.number(users) }) +
      (data.hiddenSegments.count
        ? t('hidden', { count: data.hiddenSegments.count, users: r.number(data.hiddenSegments.users) })
        : '') +
      t('sensitive'),
    { size: 10.5 },
  );
  const missing = missingCharacters(data, fonts, t);
  if (missing.length) {
    doc.moveDown(0.4);
    paragraph(
      doc,
      fonts,
      t('fontWarning', {
        count: missing.length,
        examples: missing
          .slice(0, 3)
          .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
          .join(', '),
      }),
      { colour: warning, bold: true, size: 9.5 },
    );
  }

  section(doc, fonts, drawableText(t('thePersonas'), fonts));
  for (const [position, { index, persona }] of data.segments.entries()) {
    if (roomLeft(doc) < 40) break;
    paragraph(
      doc,
      fonts,
      t('coverLine', {
        name: persona.name,
        users: r.number(persona.size),
        share: r.share(persona.share, 1),
        index,
        page: position + 2,
      }),
      { size: 10.5, bold: true },
    );
    // The description opens with the name and size, already on the line above; the next sentence
    // says who they are. A full stop ends a sentence before a space or the end (not in "24.3%").
    const sentences = persona.description.match(/.+?(?:[.!?](?=\s|$)|[。！？]|$)/gu) ?? [];
    const who = sentences
      .map((sentence) => sentence.trim())
      .find((sentence) => !sentence.startsWith(`${persona.name}:`) && !sentence.startsWith(`${persona.name}：`));
    const categories = persona.topCategories
      .slice(0, 3)
      .map((c) => c.name)
      .join(t('listSeparator'));
    paragraph(
      doc,
      fonts,
      [
        who ?? null,
        persona.churnShare === null ? null : t('atRisk', { share: r.share(persona.churnShare) }),
        categories ? t('topCategoriesLine', { categories }) : null,
      ]
        .filter((sentence): sentence is string => Boolean(sentence))
        .reduce((first, second) => t('nextSentence', { first, second })),
      { size: 9, colour: muted },
    );
    doc.moveDown(0.3);
  }

  if (roomLeft(doc) > 90) {
    section(doc, fonts, drawableText(t('howToRead'), fonts));
    for (const line of [t('howTo1'), t('howTo2'), t('howTo3'), t('howTo4')]) {
      paragraph(doc, fonts, `•  ${line}`, { size: 9 });
    }
  }
  footer(doc, fonts, t('footer', { dataset: data.dataset.name, run: data.runId, page: 1 }));
}

function personaPage(
  doc: Doc,
  fonts: PdfFonts,
  data: PersonaExport,
  segment: ExportedSegment,
  page: number,
  { t }: ExportLanguage,
) {
  const r = readableIn(t);
  const { persona, featureDifferences, index } = segment;
  const width = doc.page.width - 2 * margin;
  doc.addPage();
  doc.rect(0, 0, doc.page.width, 8).fill(accent);
  doc.font(fonts.bold).fontSize(20).fillColor(ink).text(drawableText(persona.name, fonts), margin, margin, { width });
  paragraph(
    doc,
    fonts,
    t('personaSubtitle', { users: r.number(persona.size), share: r.share(persona.share, 1), index }),
    { colour: muted },
  );
  doc.moveDown(0.5);
  paragraph(doc, fonts, persona.description, { size: 10.5 });
  doc.moveDown(0.7);
  // over the weeks shown: the last one alone is often a part week
  const weeklyEvents = persona.activity.length
    ? persona.activity.reduce((sum, value) => sum + value, 0) / persona.activity.length
    : undefined;
  statBoxes(doc, fonts, [
    { label: t('statUsers'), value: r.number(persona.size) },
    { label: t('statChurnRisk'), value: persona.churnShare === null ? t('notScored') : r.share(persona.churnShare) },
    { label: t('statSentiment'), value: r.sentiment(persona.sentiment.mean) },
    { label: t('statEvents'), value: r.number(weeklyEvents) },
  ]);

  if (featureDifferences.length) {
    section(doc, fonts, drawableText(t('whatSetsApart'), fonts));
    const chartTop = doc.y;
    const height = drawFeatureChart(doc, featureDifferences, { x: margin, y: chartTop, width }, fonts);
    doc.x = margin;
    doc.y = chartTop + height + 4;
    paragraph(doc, fonts, t('barsNote'), { size: 7.5, colour: muted });
  }
  if (persona.traits.length) {
    section(doc, fonts, drawableText(t('traits'), fonts));
    for (const trait of persona.traits) paragraph(doc, fonts, `•  ${trait.text}`);
  }
  if (persona.topCategories.length) {
    section(doc, fonts, drawableText(t('topCategories'), fonts));
    paragraph(
      doc,
      fonts,
      persona.topCategories
        .slice(0, 5)
        .map((c) => t('categoryLine', { name: c.name, share: r.share(c.share), lift: r.number(c.lift) }))
        .join(t('pdfSeparator')),
    );
  }
  if (persona.keywords.length) {
    const shown = persona.keywords.filter((keyword) => fullyDrawable(keyword.term, fonts)).slice(0, 12);
    const other = persona.keywords.length - persona.keywords.filter((k) => fullyDrawable(k.term, fonts)).length;
    section(doc, fonts, drawableText(t('keywords'), fonts));
    paragraph(
      doc,
      fonts,
      (shown.length ? shown.map((keyword) => keyword.term).join(t('listSeparator')) : '') +
        (other ? `${shown.length ? '. ' : ''}${t('keywordsOther', { count: other })}` : ''),
    );
  }
  if (persona.topItems.length) {
    section(doc, fonts, drawableText(t('topItems'), fonts));
    for (const item of persona.topItems.slice(0, 5)) {
      paragraph(
        doc,
        fonts,
        t('itemLine', {
          title: item.title ?? item.itemId,
          id: item.itemId,
          users: r.number(item.users),
          lift: r.number(item.lift),
        }),
      );
    }
  }
  if (persona.nextInterests.length) {
    section(doc, fonts, drawableText(t('nextInterests'), fonts));
    paragraph(
      doc,
      fonts,
      persona.nextInterests
        .slice(0, 4)
        .map((interest) =>
          t('interestLine', {
            category: interest.category,
            segment: r.number(interest.segmentMean),
            population: r.number(interest.populationMean),
          }),
        )
        .join(t('pdfSeparator')),
    );
  }
  const attributes = Object.entries(persona.attributes).slice(0, 4);
  if (attributes.length && roomLeft(doc) > 60) {
    section(doc, fonts, drawableText(t('attributes'), fonts));
    for (const [name, values] of attributes) {
      const top = [...values].sort((a, b) => b.share - a.share).slice(0, 3);
      paragraph(
        doc,
        fonts,
        `${displayName(name, data.display.displayNames)}: ${top.map((v) => t('attributeValue', { value: v.value, share: r.share(v.share), overall: r.share(v.populationShare) })).join(t('listSeparator'))}`,
        { size: 8.5 },
      );
    }
  }
  footer(doc, fonts, t('footer', { dataset: data.dataset.name, run: data.runId, page }));
}

/**
 * A PDF brief: a cover page with the run's figures, each persona in a few lines and how to read
 * the rest, then one page per persona with its numbers,
 * a vector bar chart of its largest differences from the population, traits, categories,
 * keywords, items and attributes. Text is real PDF text, so it can be searched and extracted.
 */
export async function personasToPdf(
  data: PersonaExport,
  options: { fontCandidates?: typeof systemCjkFonts; language?: ExportLanguage } = {},
): Promise<Buffer> {
  const language = options.language ?? exportLanguage();
  const { t } = language;
  const fonts = choosePdfFonts(options.fontCandidates);
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    autoFirstPage: false,
    info: {
      Title: t('pdfTitle', { dataset: data.dataset.name, run: data.runId }),
      Author: 'Portrait',
      Subject: t('pdfSubject'),
    },
  });
  if (fonts.files) {
    doc.registerFont(fonts.regular, fonts.files.regular.path, fonts.files.regular.name);
    doc.registerFont(fonts.bold, fonts.files.bold.path, fonts.files.bold.name);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  coverPage(doc, fonts, data, language);
  data.segments.forEach((segment, i) => {
    personaPage(doc, fonts, data, segment, i + 2, language);
  });
  doc.end();
  return done;
}
