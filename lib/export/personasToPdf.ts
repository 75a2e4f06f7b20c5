import PDFDocument from 'pdfkit';
import { displayName } from '@/lib/datasets/displayText';
import { drawFeatureChart } from './drawFeatureChart';
import {
  choosePdfFonts,
  drawableText,
  fullyDrawable,
  type PdfFonts,
  type systemCjkFonts,
  undrawableCharacters,
} from './pdfFonts';
import type { ExportedSegment, PersonaExport } from './personaExport.types';
import { readableDate, readableNumber, readableSentiment, readableShare } from './readableNumbers';

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
      .text(stat.label.toUpperCase(), x + 8, top + 7, {
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

/** Characters in what the export prints that the chosen font cannot draw. */
function missingCharacters(data: PersonaExport, fonts: PdfFonts): string[] {
  return undrawableCharacters(JSON.stringify([data.dataset.name, data.segments]), fonts);
}

function coverPage(doc: Doc, fonts: PdfFonts, data: PersonaExport) {
  doc.addPage();
  const width = doc.page.width - 2 * margin;
  doc.rect(0, 0, doc.page.width, 8).fill(accent);
  doc
    .font(fonts.bold)
    .fontSize(24)
    .fillColor(ink)
    .text(drawableText(`Personas of ${data.dataset.name}`, fonts), margin, margin, { width });
  paragraph(
    doc,
    fonts,
    `Run ${data.runId}, trained ${readableDate(data.createdAt)} on events up to ${readableDate(data.eventsUpTo)}. Exported ${readableDate(data.exportedAt)}.`,
    { colour: muted },
  );
  const users = data.segments.reduce((sum, segment) => sum + segment.persona.size, 0);
  const churn = data.metrics.churn as { auc?: unknown } | undefined;
  doc.moveDown(0.8);
  statBoxes(doc, fonts, [
    { label: 'Personas', value: readableNumber(data.segments.length) },
    { label: 'Users covered', value: readableNumber(users) },
    { label: 'Left out (small)', value: readableNumber(data.hiddenSegments.users) },
    { label: 'Churn model AUC', value: typeof churn?.auc === 'number' ? readableNumber(churn.auc) : 'n/a' },
  ]);
  doc.moveDown(0.6);
  paragraph(
    doc,
    fonts,
    `${data.segments.length} personas covering ${readableNumber(users)} users, one page each with the chart of what sets them apart.` +
      (data.hiddenSegments.count
        ? ` ${data.hiddenSegments.count} smaller segment${data.hiddenSegments.count === 1 ? '' : 's'} (${readableNumber(data.hiddenSegments.users)} users) fall below the dataset's size floor and are left out.`
        : '') +
      ' Attributes the dataset marks sensitive are never included.',
    { size: 10.5 },
  );
  const missing = missingCharacters(data, fonts);
  if (missing.length) {
    doc.moveDown(0.4);
    paragraph(
      doc,
      fonts,
      `Warning: the font of this PDF has no Chinese, Japanese or Korean characters (no such font was found on the server that made it), so ${missing.length} different characters in the persona text (such as ${missing
        .slice(0, 3)
        .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
        .join(
          ', ',
        )}) print as "?". The CSV, JSON and Markdown exports have the full text. Install a CJK font (on Debian: apt-get install fonts-noto-cjk) or set PORTRAIT_PDF_FONT to a font that covers it.`,
      { colour: warning, bold: true, size: 9.5 },
    );
  }

  section(doc, fonts, 'The personas');
  for (const [position, { index, persona }] of data.segments.entries()) {
    if (roomLeft(doc) < 40) break;
    paragraph(
      doc,
      fonts,
      `${persona.name}  ·  ${readableNumber(persona.size)} users (${readableShare(persona.share, 1)})  ·  segment ${index}  ·  page ${position + 2}`,
      { size: 10.5, bold: true },
    );
    // The description opens with the name and size, already on the line above; the next sentence
    // says who they are. A full stop ends a sentence before a space or the end (not in "24.3%").
    const sentences = persona.description.match(/.+?(?:[.!?](?=\s|$)|[。！？]|$)/gu) ?? [];
    const who = sentences
      .map((sentence) => sentence.trim())
      .find((sentence) => !sentence.startsWith(`${persona.name}:`));
    const categories = persona.topCategories
      .slice(0, 3)
      .map((c) => c.name)
      .join(', ');
    paragraph(
      doc,
      fonts,
      [
        who ?? null,
        persona.churnShare === null ? null : `At risk: ${readableShare(persona.churnShare)}.`,
        categories ? `Top categories: ${categories}.` : null,
      ]
        .filter(Boolean)
        .join(' '),
      { size: 9, colour: muted },
    );
    doc.moveDown(0.3);
  }

  if (roomLeft(doc) > 90) {
    section(doc, fonts, 'How to read the persona pages');
    for (const line of [
      "Traits compare the persona's median (or share) with all profiled users; only differences that are large and statistically clear are quoted.",
      'The chart shows the largest differences in standard deviations (SD): a bar to the right means more than the population, to the left less.',
      'At risk is the share of the persona whose churn score is 0.5 or more: likely to have no activity within the prediction horizon.',
      "Sentiment comes from the review text of users who wrote any; keywords are the terms that set the persona's reviews apart.",
    ]) {
      paragraph(doc, fonts, `•  ${line}`, { size: 9 });
    }
  }
  footer(doc, fonts, `Portrait · ${data.dataset.name} · run ${data.runId} · page 1`);
}

function personaPage(doc: Doc, fonts: PdfFonts, data: PersonaExport, segment: ExportedSegment, page: number) {
  const { persona, featureDifferences, index } = segment;
  const width = doc.page.width - 2 * margin;
  doc.addPage();
  doc.rect(0, 0, doc.page.width, 8).fill(accent);
  doc.font(fonts.bold).fontSize(20).fillColor(ink).text(drawableText(persona.name, fonts), margin, margin, { width });
  paragraph(
    doc,
    fonts,
    `${readableNumber(persona.size)} users · ${readableShare(persona.share, 1)} of profiled users · segment ${index}`,
    { colour: muted },
  );
  doc.moveDown(0.5);
  paragraph(doc, fonts, persona.description, { size: 10.5 });
  doc.moveDown(0.7);
  const lastWeek = persona.activity.at(-1);
  statBoxes(doc, fonts, [
    { label: 'Users', value: readableNumber(persona.size) },
    { label: 'Churn risk', value: persona.churnShare === null ? 'not scored' : readableShare(persona.churnShare) },
    { label: 'Review sentiment', value: readableSentiment(persona.sentiment.mean) },
    { label: 'Events/user/week', value: readableNumber(lastWeek) },
  ]);

  if (featureDifferences.length) {
    section(doc, fonts, 'What sets them apart');
    const chartTop = doc.y;
    const height = drawFeatureChart(doc, featureDifferences, { x: margin, y: chartTop, width }, fonts);
    doc.x = margin;
    doc.y = chartTop + height + 4;
    paragraph(
      doc,
      fonts,
      "Bars: how many population standard deviations the segment's mean lies above (blue) or below (orange) the population's. Churn risk: share of the segment with a churn score of 0.5 or more.",
      { size: 7.5, colour: muted },
    );
  }
  if (persona.traits.length) {
    section(doc, fonts, 'Traits');
    for (const trait of persona.traits) paragraph(doc, fonts, `•  ${trait.text}`);
  }
  if (persona.topCategories.length) {
    section(doc, fonts, 'Top categories');
    paragraph(
      doc,
      fonts,
      persona.topCategories
        .slice(0, 5)
        .map((c) => `${c.name} (${readableShare(c.share)} of segment, lift ×${readableNumber(c.lift)})`)
        .join(';  '),
    );
  }
  if (persona.keywords.length) {
    const shown = persona.keywords.filter((keyword) => fullyDrawable(keyword.term, fonts)).slice(0, 12);
    const other = persona.keywords.length - persona.keywords.filter((k) => fullyDrawable(k.term, fonts)).length;
    section(doc, fonts, 'Keywords');
    paragraph(
      doc,
      fonts,
      (shown.length ? shown.map((keyword) => keyword.term).join(', ') : '') +
        (other
          ? `${shown.length ? '. ' : ''}${other} keyword${other === 1 ? '' : 's'} in other scripts are in the CSV, JSON and Markdown exports (install a CJK font such as fonts-noto-cjk, or set PORTRAIT_PDF_FONT, to draw them here).`
          : ''),
    );
  }
  if (persona.topItems.length) {
    section(doc, fonts, 'Top items');
    for (const item of persona.topItems.slice(0, 5)) {
      paragraph(
        doc,
        fonts,
        `•  ${item.title ?? item.itemId} (${item.itemId}): ${readableNumber(item.users)} users, lift ×${readableNumber(item.lift)}`,
      );
    }
  }
  if (persona.nextInterests.length) {
    section(doc, fonts, 'Likely next interests');
    paragraph(
      doc,
      fonts,
      persona.nextInterests
        .slice(0, 4)
        .map(
          (interest) =>
            `${interest.category}: mean score ${readableNumber(interest.segmentMean)} vs ${readableNumber(interest.populationMean)} overall`,
        )
        .join(';  '),
    );
  }
  const attributes = Object.entries(persona.attributes).slice(0, 4);
  if (attributes.length && roomLeft(doc) > 60) {
    section(doc, fonts, 'Attributes');
    for (const [name, values] of attributes) {
      const top = [...values].sort((a, b) => b.share - a.share).slice(0, 3);
      paragraph(
        doc,
        fonts,
        `${displayName(name, data.display.displayNames)}: ${top.map((v) => `${v.value} ${readableShare(v.share)} (${readableShare(v.populationShare)} overall)`).join(', ')}`,
        { size: 8.5 },
      );
    }
  }
  footer(doc, fonts, `Portrait · ${data.dataset.name} · run ${data.runId} · page ${page}`);
}

/**
 * A PDF brief: a cover page with the run's figures, each persona in a few lines and how to read
 * the rest, then one page per persona with its numbers,
 * a vector bar chart of its largest differences from the population, traits, categories,
 * keywords, items and attributes. Text is real PDF text, so it can be searched and extracted.
 */
export async function personasToPdf(
  data: PersonaExport,
  options: { fontCandidates?: typeof systemCjkFonts } = {},
): Promise<Buffer> {
  const fonts = choosePdfFonts(options.fontCandidates);
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    autoFirstPage: false,
    info: {
      Title: `Personas of ${data.dataset.name}, run ${data.runId}`,
      Author: 'Portrait',
      Subject: 'Segment personas',
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
  coverPage(doc, fonts, data);
  data.segments.forEach((segment, i) => {
    personaPage(doc, fonts, data, segment, i + 2);
  });
  doc.end();
  return done;
}
