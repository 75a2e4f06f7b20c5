// Where a request says it came from, compared with where the dashboard is served. Browsers set
// Origin, Host and Sec-Fetch-Site themselves and a page cannot forge them; X-Forwarded-Proto is
// not a header a cross-site form can send either (a script would need a CORS preflight, which
// Portrait never grants), so it may name the scheme a TLS-terminating proxy received.

/** The origins users open the dashboard at, from PORTRAIT_PUBLIC_URL (comma-separated URLs). */
export function configuredOrigins(): string[] {
  return (process.env.PORTRAIT_PUBLIC_URL ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => {
      try {
        return new URL(value).origin;
      } catch {
        throw new Error(`PORTRAIT_PUBLIC_URL holds "${value}", which is not a URL like https://portrait.example.com`);
      }
    });
}

/** host[:port] the client asked for: the Host header, else the URL's (a Request built in-process). */
export function requestHost(request: Request): string {
  return (request.headers.get('host') ?? new URL(request.url).host).toLowerCase();
}

/** The scheme and Host this request came in on. */
export function ownOrigin(request: Request): string | null {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : new URL(request.url).protocol.slice(0, -1);
  try {
    return new URL(`${scheme}://${requestHost(request)}`).origin;
  } catch {
    return null;
  }
}

/**
 * Why a request is not from the dashboard's own pages, or null when it may be: a foreign or
 * opaque (`null`) Origin, or no Origin with Sec-Fetch-Site saying another site or origin sent it.
 * A request with neither header comes from a program (curl, a script), not from a browser page.
 */
export function crossSiteReason(request: Request): string | null {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') return 'its Origin is null (a sandboxed page, a file or a redirect)';
    let normalised: string;
    try {
      normalised = new URL(origin).origin;
    } catch {
      return `its Origin "${origin.slice(0, 200)}" is not a URL`;
    }
    const own = ownOrigin(request);
    if (normalised === own || configuredOrigins().includes(normalised)) return null;
    return `it comes from ${normalised}, not from this dashboard (${own ?? 'unknown'})`;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site')
    return `the browser says another site sent it (Sec-Fetch-Site: ${site})`;
  return null;
}
