import type { IncomingMessage, ServerResponse } from 'node:http';

type RequestLike = Pick<IncomingMessage, 'headers'> & { socket?: { remoteAddress?: string } };

export const clientAddressHeader: string;
export function parseTrustedProxies(value: string | undefined): Set<string>;
export function clientAddressOf(request: RequestLike, trustedProxies: Set<string>): string;
export function hasMalformedPath(url: string | undefined): boolean;
export function refuseMalformedPath(request: IncomingMessage, response: ServerResponse): boolean;
