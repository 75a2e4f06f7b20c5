import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

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
        if (message.type() === 'error') errors.push(message.text());
      });
      await use(errors);
      expect(errors, 'no errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});
