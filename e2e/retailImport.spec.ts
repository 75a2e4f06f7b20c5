import path from 'node:path';
import { datasetId } from './datasets';
import { expect, shot, test } from './fixtures';

// A new analyst's first hour with a shop's order log: the UCI Online Retail sample (Daqing Chen,
// UCI Machine Learning Repository #352, doi:10.24432/C5BW33, CC BY 4.0; see test/fixtures/README.md)
// has none of Portrait's column names. It is uploaded on the Import screen as events and as
// items, its columns mapped in the browser, imported, trained from Admin, and its personas opened.

const retailFile = path.resolve('test', 'fixtures', 'uci', 'online_retail_sample.csv');

test('maps the retail order log’s columns in the browser, imports it, trains it from Admin and shows its personas', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const dataset = `retail_${Date.now().toString(36)}`;
  await page.goto('/import');
  await page.getByLabel('Dataset name').fill(dataset);
  await page.getByLabel('Events file').setInputFiles(retailFile);

  const events = page.getByRole('region', { name: /^Columns of online_retail_sample\.csv \(events\)/ });
  await expect(events.getByRole('table', { name: /The file’s first 5 rows/ })).toBeVisible();
  await expect(events.getByRole('columnheader', { name: 'InvoiceDate' })).toBeVisible();
  // the guess: customer, stock code, invoice date in its format, a constant type, quantity x price
  await expect(events.getByLabel('Customer (user ID) (required)')).toHaveValue('column:CustomerID');
  await expect(events.getByLabel('Item ID', { exact: true })).toHaveValue('column:StockCode');
  await expect(events.getByLabel('Time (required)')).toHaveValue('column:InvoiceDate');
  await expect(events.getByLabel('Time format', { exact: true })).toHaveValue('M/D/YYYY H:MM');
  await expect(events.getByLabel('Event type (required)')).toHaveValue('mode:constant');
  await expect(events.getByLabel('Event type: value for every row')).toHaveValue('purchase');
  await expect(events.getByLabel('Value', { exact: true })).toHaveValue('mode:product');
  await expect(events.getByLabel('Value: first column')).toHaveValue('Quantity');
  await expect(events.getByLabel('Value: second column')).toHaveValue('UnitPrice');
  const stored = events.getByRole('table', { name: /How the first rows will be stored/ });
  await expect(stored.getByRole('row').nth(1)).toContainText('2011-10-31T10:42:00.000Z');
  await expect(events.getByRole('list', { name: 'Rows that would be refused' })).toContainText('missing user_id');
  await expect(page.getByText(/--map|npx portrait/)).toHaveCount(0);

  // a wrong day order shows its refused rows before anything is sent, and is put right
  await events.getByLabel('Time format', { exact: true }).fill('D/M/YYYY H:MM');
  await expect(events.getByRole('list', { name: 'Rows that would be refused' })).toContainText(
    'bad timestamp "10/31/2011 10:42"',
  );
  await events.getByLabel('Time format', { exact: true }).fill('M/D/YYYY H:MM');
  await expect(stored.getByRole('row').nth(1)).toContainText('2011-10-31T10:42:00.000Z');

  // the same file gives the items: stock code, description as the title, unit price
  await page.getByLabel('Items file').setInputFiles(retailFile);
  const items = page.getByRole('region', { name: /^Columns of online_retail_sample\.csv \(items\)/ });
  await expect(items.getByLabel('Item ID (required)')).toHaveValue('column:StockCode');
  await expect(items.getByLabel('Title', { exact: true })).toHaveValue('column:Description');
  await expect(items.getByLabel('Price', { exact: true })).toHaveValue('column:UnitPrice');
  await page.getByLabel('Skip invalid rows').check();
  await shot(page, 'import-mapping-retail');

  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('heading', { name: `Imported into “${dataset}”` })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(/events added\. [\d,]+ invalid rows were skipped\./)).toBeVisible();
  await shot(page, 'import-retail-done');

  const id = await datasetId(page, dataset);
  await page.goto('/admin');
  await page.getByRole('region', { name: 'Start a job' }).getByLabel('Dataset').selectOption(String(id));
  const retrain = page.getByRole('form', { name: `Retrain ${dataset}` });
  await retrain.getByLabel('Embed review text with the text model').uncheck();
  await retrain.getByRole('button', { name: 'Start retrain' }).click();
  await expect(retrain.getByText(/^Queued as job \d+\./)).toBeVisible();
  const history = page.getByRole('region', { name: 'Job history' });
  await expect(
    history.getByRole('row', { name: new RegExp(`^Retrain of ${dataset}`) }).getByText('succeeded', { exact: true }),
  ).toBeVisible({
    timeout: 180_000,
  });

  await page.goto(`/segments?dataset=${id}`);
  const personas = page.getByRole('article');
  await expect(personas.first()).toBeVisible({ timeout: 30_000 });
  expect(await personas.count()).toBeGreaterThanOrEqual(2);
  await shot(page, 'retail-personas');
});
