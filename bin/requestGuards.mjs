// Checks bin/webServer.mjs makes on each request before Next.js sees it.

/** The header Portrait's routes read the client's address from (lib/http/clientAddress.ts). */
export const clientAddressHeader = 'x-portrait-client-address';

function normaliseAddress(address) {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/** PORTRAIT_TRUSTED_PROXIES: the addresses of reverse proxies whose X-Forwarded-For is believed. */
export function parseTrustedProxies(value) {
  return new Set(
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map(normaliseAddress),
  );
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * X-Forwarded-For entries are read from the right (each proxy appends the address it saw),
 * skipping trusted proxies. A client cannot choose its address by sending the header itself.
 */
export function clientAddressOf(request, trustedProxies) {
  let address = normaliseAddress(request.socket?.remoteAddress ?? 'unknown');
  if (trustedProxies.size === 0) return address;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  while (trustedProxies.has(address) && forwarded.length > 0) address = normaliseAddress(forwarded.pop());
  return address;
}

/** True when a path segment's percent-encoding does not decode (`/users/%ff`). */
export function hasMalformedPath(url) {
  const path = (url ?? '/').split('?', 1)[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Answers 400 for a path Next.js would fail on with a 500; true when it answered. */
export function refuseMalformedPath(request, response) {
  if (!hasMalformedPath(request.url)) return false;
  const message = 'The address has malformed percent-encoding (such as %ff)';
  const isApi = (request.url ?? '').startsWith('/api/');
  response.writeHead(400, {
    'content-type': isApi ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(isApi ? JSON.stringify({ error: { code: 'bad_request', message } }) : `400 Bad request: ${message}\n`);
  return true;
}
