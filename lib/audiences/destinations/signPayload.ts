import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-portrait-signature';
export const timestampHeader = 'x-portrait-timestamp';
export const idempotencyHeader = 'idempotency-key';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): the receiver recomputes it from the
 * raw body and the timestamp header, and refuses old timestamps against replays.
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver runs: true when the signature is this body's under this secret. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
