import fs from 'node:fs';

// pdfkit's built-in Helvetica needs no font file, but it only has the WinAnsi characters
// (Latin-1 and a few more). So that Chinese (and Japanese, Korean) persona text prints by
// default, a font that covers it is looked for where operating systems install one (Debian's
// fonts-noto-cjk first); only the glyphs used are embedded. PORTRAIT_PDF_FONT still chooses the
// font (`built-in` keeps Helvetica); without any such font, characters Helvetica lacks show as
// "?" and the PDF says so on its first page.

const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

interface FontFile {
  path: string;
  /** the font's PostScript name inside a collection (.ttc) */
  name?: string;
}

/** Fonts covering Chinese (and Latin) where Debian, other Linux, macOS and Windows install them, most wanted first. */
export const systemCjkFonts: { regular: FontFile; bold: FontFile }[] = [
  {
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', name: 'NotoSansCJKsc-Bold' },
  },
  {
    regular: { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc', name: 'NotoSansCJKsc-Bold' },
  },
  {
    regular: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', name: 'WenQuanYiMicroHei' },
    bold: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', name: 'WenQuanYiMicroHei' },
  },
  {
    regular: { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' },
    bold: { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' },
  },
  {
    regular: { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
    bold: { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  },
  {
    regular: { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', name: 'HiraginoSansGB-W3' },
    bold: { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', name: 'HiraginoSansGB-W6' },
  },
  {
    regular: { path: 'C:\\Windows\\Fonts\\msyh.ttc', name: 'MicrosoftYaHei' },
    bold: { path: 'C:\\Windows\\Fonts\\msyhbd.ttc', name: 'MicrosoftYaHei-Bold' },
  },
];

export interface PdfFonts {
  regular: string;
  bold: string;
  /** whether every character can be drawn (an embedded Unicode font) */
  unicode: boolean;
  /** where the font came from: PORTRAIT_PDF_FONT, a CJK font found on this machine, or Helvetica */
  source: 'setting' | 'system' | 'built-in';
}

export type ChosenPdfFonts = PdfFonts & { files?: { regular: FontFile; bold: FontFile } };

/**
 * The fonts to register: PORTRAIT_PDF_FONT (and PORTRAIT_PDF_BOLD_FONT) when set, `built-in`
 * for Helvetica; else the first CJK font of `candidates` found here; else Helvetica.
 */
export function choosePdfFonts(candidates = systemCjkFonts): ChosenPdfFonts {
  const builtIn: ChosenPdfFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false, source: 'built-in' };
  const regular = process.env.PORTRAIT_PDF_FONT;
  if (regular === 'built-in') return builtIn;
  if (regular) {
    if (!fs.existsSync(regular)) throw new Error(`PORTRAIT_PDF_FONT names a file that does not exist: ${regular}`);
    const bold = process.env.PORTRAIT_PDF_BOLD_FONT || regular;
    return {
      regular: 'body',
      bold: 'body-bold',
      unicode: true,
      source: 'setting',
      files: { regular: { path: regular }, bold: { path: bold } },
    };
  }
  const found = candidates.find((font) => fs.existsSync(font.regular.path));
  if (!found) return builtIn;
  const bold = fs.existsSync(found.bold.path) ? found.bold : found.regular;
  return {
    regular: 'body',
    bold: 'body-bold',
    unicode: true,
    source: 'system',
    files: { regular: found.regular, bold },
  };
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

/** The distinct characters of `text` the chosen font cannot draw (none with a Unicode font). */
export function undrawableCharacters(text: string, fonts: PdfFonts): string[] {
  if (fonts.unicode) return [];
  return [...new Set(Array.from(text.replace(/\s+/g, ' ')))].filter((char) => !winAnsiDrawable(char));
}
