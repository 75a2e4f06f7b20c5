import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** A real admin account e2e/serve.mjs creates, for what the demo admin may not do. */
export const e2eAdmin = { email: 'e2e-admin@example.com', password: 'e2e admin long password' };

/** Signs in through the sign-in screen, as a person would. */
export async function signInAs(page: Page, account: { email: string; password: string }) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`${account.email} ·`)).toBeVisible();
}

export const screenshotsFolder = path.resolve('e2e-artifacts', 'screenshots');

export const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: path.join(screenshotsFolder, `${name}.png`), fullPage });

/** Playwright's `test`, failing any test whose page threw or logged an error in the console. */
export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // a failed request's message does not say which: its location does
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      await use(errors);
      expect(errors, 'no errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});
