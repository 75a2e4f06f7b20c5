/**
 * The client's network address, as bin/webServer.mjs found it (the socket's peer, or behind
 * proxies listed in PORTRAIT_TRUSTED_PROXIES the address they forwarded). It replaces any
 * header of that name a client sends. Served another way (`next dev`), it is "unknown".
 */
export const clientAddressHeader = 'x-portrait-client-address';

export function clientAddress(request: Request): string {
  return request.headers.get(clientAddressHeader)?.slice(0, 100) || 'unknown';
}
