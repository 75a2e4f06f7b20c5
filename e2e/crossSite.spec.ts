import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as plainTest } from '@playwright/test';
import { e2eAdmin, expect, shot, signInAs, test } from './fixtures';

// A page on another port of 127.0.0.1 is the same *site* as the dashboard, so the browser sends
// the admin's SameSite=Lax cookie with its form posts; only the Origin check stops them. The
// page auto-submits a text/plain form whose body is JSON, the trick that created an admin before.

let attacker: Server;
let attackerUrl = '';
const victimEmail = `csrf-${Date.now().toString(36)}@example.com`;

function attackPage(target: string): string {
  // text/plain form: the body is `name=value`, so the name carries the JSON and the value closes it
  const name = `{"email":"${victimEmail}","role":"admin","password":"attacker long password","x":"`;
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${target}" enctype="text/plain">
  <input type="hidden" name='${name}' value='"}'>
</form>
<script>document.getElementById('f').submit()</script>
</body></html>`;
}

const dashboard = `http://127.0.0.1:${process.env.E2E_PORT ?? '3107'}`;

plainTest.beforeAll(async () => {
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(attackPage(`${dashboard}/api/accounts`));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});

plainTest.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

async function accountEmails(page: import('@playwright/test').Page): Promise<string[]> {
  const response = await page.request.get('/api/accounts');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accounts: { email: string }[] }).accounts.map((account) => account.email);
}

// The plain Playwright test: the refused form post shows a 403 in the console, which is the point.
plainTest('a form on another port of 127.0.0.1 cannot create an account with the admin’s cookie', async ({ page }) => {
  await signInAs(page, e2eAdmin);
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/accounts'));
  await page.goto(attackerUrl);
  const response = await answer;
  expect(response.status()).toBe(403);
  // same site, so the browser did send the admin's cookie: only the Origin check stopped it
  expect((await response.request().allHeaders()).cookie ?? '').toContain('portrait_session=');
  expect(await response.text()).toContain('Refused a change from another site');
  await shot(page, 'cross-site-01-refused');
  await page.goto('/');
  expect(await accountEmails(page)).not.toContain(victimEmail);
});

plainTest('the same form gets nowhere as the demo admin, without any cookie', async ({ page }) => {
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/accounts'));
  await page.goto(attackerUrl);
  expect((await answer).status()).toBe(403);
  await signInAs(page, e2eAdmin);
  expect(await accountEmails(page)).not.toContain(victimEmail);
});

test('pages carry a nonce-based Content-Security-Policy and still run, and say when in demo mode', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  // the client components rendered (React ran under the policy); the fixture fails on any console error
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Demo mode' })).toContainText(
    'cannot change accounts, API keys, settings or schedules, or delete anything',
  );
  await shot(page, 'cross-site-02-demo-banner');
});

test('a one-time password must be replaced at first sign-in', async ({ page, browser }) => {
  await signInAs(page, e2eAdmin);
  const email = `one-time-${Date.now().toString(36)}@example.com`;
  const created = await page.request.post('/api/accounts', { data: { email, role: 'analyst' } });
  expect(created.status()).toBe(201);
  const { password } = (await created.json()) as { password: string };

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto('/signin');
  await newcomer.getByLabel('Email').fill(email);
  await newcomer.getByLabel('Password').fill(password);
  await newcomer.getByRole('button', { name: 'Sign in' }).click();
  const form = newcomer.getByRole('form', { name: 'Change password' });
  await expect(form).toBeVisible();
  await shot(newcomer, 'cross-site-03-change-password');
  await form.getByLabel('One-time password').fill(password);
  await form.getByLabel('New password (at least 8 characters)').fill('a password of my own');
  await form.getByLabel('New password again').fill('a password of my own');
  await form.getByRole('button', { name: 'Save new password' }).click();
  await expect(newcomer.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await context.close();
});
