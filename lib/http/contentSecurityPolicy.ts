// The dashboard's pages allow only their own scripts: Next.js marks its inline scripts with the
// request's nonce, and 'strict-dynamic' lets those load the bundles. Inline style attributes stay
// allowed (React and the charts set them); styles cannot run code. No page may frame the
// dashboard (clickjacking) and forms post only to it.

/** A fresh nonce for one page response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

export function pageContentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers are data, never a document to render or frame. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
