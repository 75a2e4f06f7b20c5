const scriptOrStyle = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const tag = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->/gi;
const entity = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi;
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A text with its HTML markup taken out for keywords and sentiment: tags (with their attributes),
 * comments, script and style elements become spaces and common entities their characters.
 * Reviews scraped from web pages carry <br/> and &amp;; hostile ones <img src=x onerror=...>,
 * whose attribute names otherwise became a segment's keywords. Text that only looks like markup
 * ("a <3 b", "x < y > z") is left as it is.
 */
export function withoutMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text
    .replace(scriptOrStyle, ' ')
    .replace(tag, ' ')
    .replace(entity, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
      const code = decimal ? Number(decimal) : hex ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isInteger(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      return namedEntities[(name ?? '').toLowerCase()] ?? whole;
    });
}
