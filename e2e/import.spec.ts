import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';

// The import screen as an admin uses it (the e2e server signs in as the demo admin and runs a
// worker): a file with a bad row is refused with its line and nothing is written; the same file
// with "skip invalid rows" imports the good rows and offers the rejected one; a good file imports.

const badEvents = [
  'user_id,item_id,type,ts,value',
  'e2e-u1,e2e-sku-1,view,2026-03-05T10:00:00Z,',
  'e2e-u1,e2e-sku-1,view,31/02/2026,',
  'e2e-u2,e2e-sku-1,purchase,2026-03-05T11:00:00Z,24.5',
].join('\n');

const goodEvents = [
  'user_id,item_id,type,ts,value',
  'e2e-u3,e2e-sku-2,view,2026-03-06T09:00:00Z,',
  'e2e-u3,e2e-sku-2,purchase,2026-03-06T09:05:00Z,12',
  'e2e-u4,e2e-sku-2,view,2026-03-06T10:00:00Z,',
].join('\n');

async function datasetEvents(page: Page, name: string): Promise<number | null> {
  const response = await page.request.get('/api/datasets');
  expect(response.ok()).toBe(true);
  const { datasets } = (await response.json()) as { datasets: { name: string; counts: { events: number } }[] };
  return datasets.find((dataset) => dataset.name === name)?.counts.events ?? null;
}

/**
 * A small upload is sent and imported within a blink, faster than an assertion could poll, so
 * the page records every progress bar it shows (name and aria-valuenow) as the DOM changes.
 */
async function recordProgressBars(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressBarsSeen: string[] }).progressBarsSeen = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const entry = `${bar.getAttribute('aria-label')}: ${bar.getAttribute('aria-valuenow')}`;
        if (!seen.includes(entry)) seen.push(entry);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { progressBarsSeen: string[] }).progressBarsSeen);
}

async function chooseEvents(page: Page, name: string, content: string) {
  await page.getByLabel('Events file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

test('a bad row is reported with its line and nothing is written; skipped on request; a good file imports', async ({
  page,
}) => {
  const dataset = `e2e_upload_${Date.now().toString(36)}`;
  await page.goto('/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await page.getByLabel('Dataset name').fill(dataset);
  await expect(page.getByText(`Creates the new dataset “${dataset}”.`)).toBeVisible();
  await chooseEvents(page, 'events-with-a-bad-row.csv', badEvents);
  await expect(page.getByText('events-with-a-bad-row.csv, ')).toBeVisible();

  const progressBars = await recordProgressBars(page);
  await page.getByRole('button', { name: 'Upload and import' }).click();

  await expect(page.getByRole('heading', { name: 'Nothing was imported' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('1 row could not be read, so nothing was written')).toBeVisible();
  const errors = page.getByRole('table', { name: '1 bad row' });
  await expect(errors.getByRole('columnheader')).toHaveText(['File', 'Line', 'Reason']);
  await expect(errors.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    'events-with-a-bad-row.csv',
    '3',
    /^bad timestamp "31\/02\/2026"/,
  ]);
  const seen = await progressBars();
  expect(
    seen.some((bar) => /^Upload progress: \d+$/.test(bar)),
    seen.join(', '),
  ).toBe(true);
  expect(
    seen.some((bar) => /^Import progress: \d+$/.test(bar)),
    seen.join(', '),
  ).toBe(true);
  expect(await datasetEvents(page, dataset), 'a failed import creates no dataset').toBeNull();
  await shot(page, '10-import-error');

  await page.getByRole('button', { name: 'Import the good rows, skip the bad ones' }).click();
  await expect(page.getByRole('heading', { name: `Imported into “${dataset}”` })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: '2 events added.' })).toContainText(
    '1 invalid row was skipped.',
  );
  await expect(page.getByLabel('Skip invalid rows')).toBeChecked();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download rejected rows of events-with-a-bad-row.csv' }).click();
  const rejects = await download;
  expect(rejects.suggestedFilename()).toBe('events-with-a-bad-row.rejects.csv');
  expect(await datasetEvents(page, dataset)).toBe(2);

  await page.getByLabel('Skip invalid rows').uncheck();
  await chooseEvents(page, 'events.csv', goodEvents);
  await expect(page.getByText(`Adds to “${dataset}”`)).toBeVisible();
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 events added.' })).toBeVisible({ timeout: 60_000 });
  const counts = page.getByRole('table', { name: 'Rows per file' });
  await expect(counts.getByRole('row').nth(1).getByRole('cell')).toHaveText(['3', '3', '0', '0']);
  expect(await datasetEvents(page, dataset)).toBe(5);
  await shot(page, '11-import-done');

  // the job is in the address, so a reload still shows what it did
  await expect(page).toHaveURL(/[?&]job=\d+/);
  await page.reload();
  await expect(page.getByRole('heading', { name: `Imported into “${dataset}”` })).toBeVisible();
  await expect(counts.getByRole('row').nth(1).getByRole('cell')).toHaveText(['3', '3', '0', '0']);
});

test('someone without the admin role is told that importing needs it', async ({ page }) => {
  // The e2e server signs everyone in as the demo admin; the route tests cover the API's 403.
  await page.route('**/api/auth/me', (route) =>
    route.fulfill({ json: { email: 'ana@example.com', role: 'analyst', demo: false } }),
  );
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Importing needs the admin role' })).toBeVisible();
  await expect(page.getByText('You are signed in as ana@example.com, with the analyst role.')).toBeVisible();
  await expect(page.getByLabel('Events file')).toHaveCount(0);
});

test('a users column of numbers with one "unknown" is noted, and stays numbers once "unknown" is a missing value', async ({
  page,
}) => {
  const dataset = `e2e_stray_${Date.now().toString(36)}`;
  const users = ['user_id,seats', ...Array.from({ length: 12 }, (_, i) => `s${i},${i === 4 ? 'unknown' : 5 + i}`)];
  const chooseUsers = () =>
    page
      .getByLabel('Users file')
      .setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(users.join('\n')) });
  const seats = async () => {
    const { datasets } = (await (await page.request.get('/api/datasets')).json()) as {
      datasets: { id: number; name: string }[];
    };
    const id = datasets.find((candidate) => candidate.name === dataset)?.id;
    const { attributes } = (await (await page.request.get(`/api/datasets/${id}/settings`)).json()) as {
      attributes: { name: string; kind: string; users: number }[];
    };
    return attributes.find((attribute) => attribute.name === 'seats');
  };

  await page.goto('/import');
  await page.getByLabel('Dataset name').fill(dataset);
  await chooseUsers();
  await expect(page.getByLabel('Missing values')).toHaveValue('NA | N/A | NULL | null | NaN | nan | #N/A');
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('heading', { name: `Imported into “${dataset}”` })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-import-note]')).toContainText(
    'seats is stored as text: 11 of its values are numbers but 1 is not ("unknown")',
  );
  expect(await seats()).toMatchObject({ kind: 'string', users: 12 });

  await page.goto('/import');
  await page.getByLabel('Dataset name').fill(dataset);
  await chooseUsers();
  const missing = page.getByLabel('Missing values');
  await missing.fill('NA | unknown');
  await missing.blur();
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('heading', { name: `Imported into “${dataset}”` })).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('table', { name: 'Rows per file' }).getByRole('row').nth(1).getByRole('cell').nth(1),
  ).toHaveText(/^0 \(12 already there, updated\)$/);
  await expect(page.locator('[data-import-note]')).toHaveCount(0);
  expect(await seats()).toMatchObject({ kind: 'number', users: 11 });
});
