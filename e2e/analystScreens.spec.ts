import type { Page } from '@playwright/test';
import { datasetId } from './datasets';
import { e2eAdmin, expect, shot, signInAs, test } from './fixtures';

// The screens an analyst reads numbers on: every metric sentence on Model quality has its plain
// line and glossary links, every glossary link lands on an entry, and the screens fit a 390 px
// phone without scrolling sideways.

async function glossaryAnchors(page: Page): Promise<string[]> {
  return page
    .locator('a[data-glossary]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-glossary') ?? ''));
}

test('model quality reads in plain words first, links every metric to the glossary, and the glossary has each entry', async ({
  page,
}) => {
  const id = await datasetId(page, 'demo');
  await page.goto(`/quality?dataset=${id}`);
  const summary = page.getByRole('list', { name: 'Model quality in plain words' });
  await expect(summary.getByRole('listitem').first()).toBeVisible();
  const churn = summary.locator('[data-quality-line="Churn"]');
  await expect(churn).toContainText(
    /^Churn: (weak|fair|good|strong|no better than chance) \(AUC \d\.\d\d vs 0\.50 by chance\)\./,
  );
  await expect(churn).toContainText(
    /Top 10% riskiest users make no purchase in the next 30 days \d+\.\d\dx as often as average/,
  );
  // every line that states a number links that number to the glossary
  for (const line of await summary.getByRole('listitem').all()) {
    if (/\d\.\d/.test((await line.textContent()) ?? ''))
      await expect(line.locator('a[data-glossary]').first()).toBeVisible();
  }
  await expect(page.getByRole('figure', { name: /Churn: ROC curve on hold-out users/ })).toBeVisible();
  await expect(page.getByRole('figure', { name: /Churn: calibration on hold-out users/ })).toBeVisible();
  // the raw table sits folded away
  await expect(page.getByRole('table', { name: 'Quality of the active run beside earlier runs' })).toBeHidden();
  await shot(page, 'quality-plain-words');
  await page.getByText('Every metric and internal parameter').click();
  const table = page.getByRole('table', { name: 'Quality of the active run beside earlier runs' });
  await expect(table).toBeVisible();
  for (const label of ['AUC', 'Lift (top 10%)', 'Brier score']) {
    await expect(table.getByRole('rowheader', { name: label }).first().locator('a[data-glossary]')).toBeVisible();
  }
  const terms = new Set(await glossaryAnchors(page));

  await page.goto(`/segments?dataset=${id}`);
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect(page.getByRole('article').first()).toContainText(
    /At risk: a probability of 0\.5 or more of no purchase in the next 30 days \(model AUC 0\.\d\d; 0\.5 is chance\)/,
  );
  await page.getByLabel('Sort by').selectOption('risk');
  const shares = await page
    .getByRole('article')
    .evaluateAll((cards) =>
      cards.map((card) => Number(/(\d+(?:\.\d+)?)% of them/.exec(card.textContent ?? '')?.[1] ?? Number.NaN)),
    );
  expect(shares.length).toBeGreaterThan(1);
  expect([...shares].sort((a, b) => b - a)).toEqual(shares);
  await shot(page, 'personas-by-risk');
  for (const term of await glossaryAnchors(page)) terms.add(term);

  await page.goto('/glossary');
  for (const term of terms) {
    await expect(page.locator(`[id="${term}"]`), term).toHaveCount(1);
  }
  await page.goto('/glossary#auc');
  await expect(page.locator('#auc')).toContainText('0.5 is chance');
  await shot(page, 'glossary');
});

test('every screen fits 390 px without sideways scrolling', async ({ page }) => {
  const id = await datasetId(page, 'demo');
  await page.setViewportSize({ width: 390, height: 844 });
  const screens = [
    '/',
    `/segments?dataset=${id}`,
    `/segments/0?dataset=${id}`,
    '/users',
    `/quality?dataset=${id}`,
    '/import',
    '/admin',
    '/glossary',
    '/signin',
  ];
  for (const path of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    if (path.startsWith('/segments/0')) await shot(page, 'segment-detail-390');
    if (path.startsWith('/quality')) await shot(page, 'quality-390');
  }
});

test('the retrain form warns before a run that the configured text model cannot be loaded here', async ({ page }) => {
  // the e2e server has no model folder and no network, so the model cannot load
  await page.goto('/admin');
  const retrain = page.getByRole('region', { name: 'Retrain' });
  await expect(retrain.getByRole('status')).toContainText(
    /The text model .+ cannot be loaded on this server \(.+\)\. This retrain will turn review text into TF-IDF \+ SVD vectors instead\./,
  );
  await retrain.getByLabel('Embed review text with the text model').uncheck();
  await expect(retrain.getByText(/cannot be loaded on this server/)).toHaveCount(0);
  await retrain.getByLabel('Embed review text with the text model').check();
  await retrain.scrollIntoViewIfNeeded();
  await shot(page, 'retrain-text-model-warning', false);
});

test('the sign-in page sends a signed-in account to the overview', async ({ page }) => {
  await signInAs(page, e2eAdmin);
  await page.goto('/signin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});
