import type { FeatureComparison } from '@/lib/queries/compareFeatures';
import { drawableText, type PdfFonts } from './pdfFonts';
import { readableDifference } from './readableNumbers';

// Colours of the dashboard's difference chart (Okabe-Ito blue and vermillion, safe for the
// common colour-vision deficiencies).
const aboveColour = '#0072B2';
const belowColour = '#D55E00';
const axisColour = '#9AA0AD';
const textColour = '#1F2430';

export const chartRowHeight = 17;

/**
 * A horizontal bar chart of standardised differences from the population, drawn as PDF vector
 * shapes with real text labels (so the labels can be searched and copied). Returns the height used.
 */
export function drawFeatureChart(
  doc: PDFKit.PDFDocument,
  features: FeatureComparison[],
  box: { x: number; y: number; width: number },
  fonts: PdfFonts,
): number {
  const labelWidth = Math.round(box.width * 0.4);
  const valueWidth = 40;
  const hasNegative = features.some((feature) => feature.z < 0);
  const hasPositive = features.some((feature) => feature.z >= 0);
  // Room for a value label beyond the longest bar on each side that has bars.
  const plotLeft = box.x + labelWidth + 8 + (hasNegative ? valueWidth : 0);
  const plotRight = box.x + box.width - (hasPositive ? valueWidth : 0);
  const plotWidth = plotRight - plotLeft;
  // Zero sits in the middle only when bars go both ways, so one-sided charts use the full width.
  const zeroX = hasNegative && hasPositive ? plotLeft + plotWidth / 2 : hasNegative ? plotRight : plotLeft;
  const span = hasNegative && hasPositive ? plotWidth / 2 : plotWidth;
  const largest = Math.max(1, ...features.map((feature) => Math.abs(feature.z)));

  features.forEach((feature, row) => {
    const top = box.y + row * chartRowHeight;
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor(textColour)
      .text(drawableText(feature.label, fonts), box.x, top + 3, {
        width: labelWidth,
        align: 'right',
        lineBreak: false,
        ellipsis: true,
        height: chartRowHeight,
      });
    const length = Math.max((Math.abs(feature.z) / largest) * span, 0.5);
    const above = feature.z >= 0;
    const barX = above ? zeroX : zeroX - length;
    doc.rect(barX, top + 3, length, chartRowHeight - 6).fill(above ? aboveColour : belowColour);
    doc
      .font(fonts.regular)
      .fontSize(7.5)
      .fillColor(textColour)
      .text(readableDifference(feature.z), above ? barX + length + 3 : barX - valueWidth, top + 4.5, {
        width: valueWidth - 3,
        align: above ? 'left' : 'right',
        lineBreak: false,
      });
  });
  const height = features.length * chartRowHeight;
  doc
    .moveTo(zeroX, box.y)
    .lineTo(zeroX, box.y + height)
    .lineWidth(0.75)
    .strokeColor(axisColour)
    .stroke();
  return height;
}
