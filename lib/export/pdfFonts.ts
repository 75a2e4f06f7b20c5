import fs from 'node:fs';

// pdfkit's built-in Helvetica needs no font file, but it only has the WinAnsi characters
// (Latin-1 and a few more). A deployment with text in other scripts (Chinese reviews, say)
// points PORTRAIT_PDF_FONT at a TrueType/OpenType font that covers them, and every glyph is
// then embedded; without it, characters Helvetica lacks are shown as "?".

const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export interface PdfFonts {
  regular: string;
  bold: string;
  /** whether every character can be drawn (an embedded Unicode font) */
  unicode: boolean;
}

/** The fonts to register: PORTRAIT_PDF_FONT (and PORTRAIT_PDF_BOLD_FONT) when set, else Helvetica. */
export function choosePdfFonts(): PdfFonts & { files?: { regular: string; bold: string } } {
  const regular = process.env.PORTRAIT_PDF_FONT;
  if (!regular) return { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };
  if (!fs.existsSync(regular)) throw new Error(`PORTRAIT_PDF_FONT names a file that does not exist: ${regular}`);
  const bold = process.env.PORTRAIT_PDF_BOLD_FONT || regular;
  return { regular: 'body', bold: 'body-bold', unicode: true, files: { regular, bold } };
}

export function winAnsiDrawable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char);
}

/** Text as the chosen font can draw it. */
export function drawableText(text: string, fonts: PdfFonts): string {
  const flat = text.replace(/\s+/g, ' ');
  if (fonts.unicode) return flat;
  return Array.from(flat, (char) => (winAnsiDrawable(char) ? char : '?')).join('');
}

/** Whether every character of `text` can be drawn in the chosen font. */
export function fullyDrawable(text: string, fonts: PdfFonts): boolean {
  return fonts.unicode || Array.from(text).every(winAnsiDrawable);
}
