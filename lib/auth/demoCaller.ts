import { crossSiteReason, requestHost } from '@/lib/http/requestOrigin';
import type { Caller } from './caller';

// `portrait start` bound to localhost turns on PORTRAIT_DEMO_AUTOLOGIN: whoever opens the
// dashboard is a demo admin without signing in. Only the person at this machine may be: the
// Host must be a loopback name (a DNS-rebinding page has its own name in Host) and the request
// must come from the dashboard's own pages (another port of 127.0.0.1 is another origin).

export const demoAdminEmail = 'demo-admin@localhost';

/** localhost, 127.x.x.x or [::1], with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export function demoCaller(request: Request): Caller | null {
  if (process.env.PORTRAIT_DEMO_AUTOLOGIN !== '1') return null;
  if (!isLoopbackHost(requestHost(request))) return null;
  if (crossSiteReason(request) !== null) return null;
  return { kind: 'account', id: 0, email: demoAdminEmail, role: 'admin', demo: true };
}

export const demoRefusal =
  'Demo mode: the automatic demo admin may import data, retrain, run jobs and save audiences, but not change accounts, ' +
  'API keys, settings or schedules, or delete anything. Sign in as a real admin for that.';
