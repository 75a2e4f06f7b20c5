import path from 'node:path';
import { datasetId } from './datasets';
import { expect, screenshotsFolder, shot, test } from './fixtures';

// Checks exact, planted numbers on the seeded dataset `e2e_shop` (e2e/serve.mjs): overview ->
// segments -> persona -> user -> recommendations, saving a screenshot of each screen. The walk
// through the real demo data is in demo.spec.ts.

let shop = 0;

test.beforeEach(async ({ page }) => {
  shop = await datasetId(page, 'e2e_shop');
});

test.afterAll(() => {
  console.log(`Screenshots: ${screenshotsFolder}`);
});

test('overview -> segments -> persona -> user -> recommendations', async ({ page }) => {
  await page.goto(`/?dataset=${shop}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const picker = page.getByLabel('Dataset');
  await expect(picker).toHaveValue(/\d+/);
  await expect(picker.locator('option:checked')).toHaveText('e2e_shop');
  // 6,000 seeded users with a profile plus one whose only event came after the run
  await expect(page.locator('.stat', { hasText: 'Users' }).locator('.value')).toHaveText('6,001');
  await expect(page.getByRole('status').filter({ hasText: 'This run may be out of date' })).toContainText(
    "1 event arrived after the run's cut-off",
  );
  await expect(page.getByText(/Trained\s+3 h ago/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Segment sizes' })).toBeVisible();
  await expect(page.locator('.recharts-bar-rectangle')).toHaveCount(4);
  await expect(page.getByText('1 smaller segment')).toBeVisible();
  const updates = page.getByRole('region', { name: 'Real-time profile updates' });
  await expect(updates).toContainText('Update lag now');
  await expect(updates).toContainText('No profile has followed new events since this run was trained.');
  await shot(page, '01-overview');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page).toHaveURL(/\/segments(\?dataset=\d+)?$/);
  await expect(page.getByText('Showing 5,000 of 6,000 users (a fixed random sample).')).toBeVisible();
  const personas = page.getByRole('article');
  await expect(personas).toHaveCount(4);
  await expect(page.locator('.map-points path')).toHaveCount(5);
  const legend = page.getByRole('group', { name: /Segments on the map/ });
  const lapsed = legend.getByRole('button', { name: /Lapsed shoppers/ });
  await lapsed.click();
  await expect(lapsed).toHaveAttribute('aria-pressed', 'false');
  await lapsed.click();
  await expect(lapsed).toHaveAttribute('aria-pressed', 'true');
  await shot(page, '02-segments');

  await personas.filter({ hasText: 'Camera enthusiasts' }).getByRole('link', { name: 'Camera enthusiasts' }).click();
  await expect(page).toHaveURL(/\/segments\/1\?dataset=\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Camera enthusiasts');
  await expect(page.getByRole('heading', { name: 'What sets them apart' })).toBeVisible();
  await expect(page.getByRole('figure', { name: /Differences from the population: Spend per order/ })).toBeVisible();
  const table = page.locator('.users-table table');
  await expect(table.locator('tbody tr')).toHaveCount(25);
  await page.getByRole('button', { name: /Churn score/ }).click();
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Churn score');
  await expect(page.getByText(/Page 1 of \d+ · [\d,]+ users · sorted by churn score/)).toBeVisible();
  const churnScores = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(churnScores.map(Number)).toEqual([...churnScores.map(Number)].sort((a, b) => b - a));
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/Page 2 of/)).toBeVisible();
  await shot(page, '03-segment-detail');

  const firstUser = table.locator('tbody tr').first().getByRole('link');
  const userId = ((await firstUser.textContent()) ?? '').trim();
  await firstUser.click();
  await expect(page).toHaveURL(new RegExp(`/users/${userId}\\?dataset=\\d+`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(userId);
  await expect(
    page.locator('.stat', { hasText: 'Segment' }).getByRole('link', { name: 'Camera enthusiasts' }),
  ).toBeVisible();
  await expect(page.locator('.stat', { hasText: 'Churn risk' })).toContainText(
    /probability of no purchase in the next 30 days \(model AUC 0\.81; 0\.5 is chance\)/,
  );
  await expect(page.getByRole('heading', { name: 'Features vs segment' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recent events' })).toBeVisible();
  await expect(page.getByTestId('profile-freshness')).toContainText(/Profile as run #\d+ trained it/);
  await shot(page, '04-user-profile');

  const recommendations = page.getByRole('region', { name: 'Recommendations' });
  await expect(recommendations.locator('tbody tr')).toHaveCount(10);
  await expect(recommendations.locator('tbody tr').first()).toContainText(/Popular with|Bought by users/);
  await recommendations.scrollIntoViewIfNeeded();
  await recommendations.screenshot({ path: path.join(screenshotsFolder, '05-recommendations.png') });
});

test('a point on the cluster map shows its user and opens the profile', async ({ page }) => {
  await page.goto(`/segments?dataset=${shop}`);
  const plot = page.locator('.map-points rect');
  await expect(plot).toBeVisible();
  const box = await plot.boundingBox();
  if (!box) throw new Error('the map has no plot area');
  // sweep the plot until the pointer lands near a point, as a user would
  const tooltip = page.locator('.map-tooltip');
  let found: { x: number; y: number } | null = null;
  for (let gy = 0.2; gy <= 0.8 && !found; gy += 0.05) {
    for (let gx = 0.2; gx <= 0.8 && !found; gx += 0.05) {
      const x = box.x + box.width * gx;
      const y = box.y + box.height * gy;
      await page.mouse.move(x, y);
      if (await tooltip.isVisible()) found = { x, y };
    }
  }
  expect(found, 'some point on the map shows a tooltip').not.toBeNull();
  const userId = ((await tooltip.locator('strong').textContent()) ?? '').trim();
  await expect(tooltip).toContainText(/Bargain hunters|Camera enthusiasts|Loyal bookworms|Lapsed shoppers|Other/);
  await page.mouse.click(found?.x ?? 0, found?.y ?? 0);
  await expect(page).toHaveURL(new RegExp(`/users/${userId}(\\?dataset=\\d+)?$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(userId);
});

test('user lookup finds ids by prefix', async ({ page }) => {
  await page.goto(`/users?dataset=${shop}`);
  await page.getByLabel('User id').fill('u0012');
  const results = page.getByRole('list', { name: 'Users whose id starts with u0012' });
  await expect(results.getByRole('listitem')).toHaveCount(10);
  await expect(results.getByRole('link').first()).toHaveText('u00120');
  await shot(page, '06-user-lookup');
  await page.getByLabel('User id').fill('ana+');
  await page.getByRole('link', { name: 'ana+test@example.com/1' }).click();
  await expect(page).toHaveURL(/\/users\/ana%2Btest%40example\.com%2F1\?dataset=\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ana+test@example.com/1');
  await expect(page.getByText("This user had no events by the run's cut-off")).toBeVisible();
  await expect(page.locator('.stat', { hasText: 'Events' }).locator('.value')).toHaveText('1');
  await page.goto(`/users?dataset=${shop}`);
  await page.getByLabel('User id').fill('zz-nobody');
  await expect(page.getByText('No user id starts with “zz-nobody”.')).toBeVisible();
});

test('the language switch shows the navigation and the overview in 简体中文 and back in English', async ({ page }) => {
  await page.goto(`/?dataset=${shop}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await page.getByLabel('Language').selectOption('zh-CN');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '概览' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: '分群' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '模型质量' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();
  await expect(page.locator('.stat', { hasText: '用户' }).first().locator('.value')).toHaveText('6,001');
  await expect(page.getByRole('heading', { name: '当前模型运行' })).toBeVisible();
  await expect(page.getByText(/3 小时前训练完成/)).toBeVisible();
  await expect(page.getByRole('heading', { name: '分群规模' })).toBeVisible();
  await expect(page.getByText('1 个较小的分群')).toBeVisible();
  await shot(page, '01-overview-zh-CN');
  // the choice is the user's: it survives a reload, whatever the browser asks for
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the favicon a browser asks for on its own is the icon, not a 404', async ({ page }) => {
  const favicon = await page.request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toContain('image/svg+xml');
});

test('model quality puts the active run beside the previous one', async ({ page }) => {
  await page.goto(`/quality?dataset=${shop}`);
  await expect(page.getByRole('list', { name: 'Model quality in plain words' })).toBeVisible();
  await page.getByText('Every metric and internal parameter').click();
  const comparison = page.getByRole('table', { name: 'Quality of the active run beside earlier runs' });
  const runHeaders = comparison.locator('thead th');
  await expect(runHeaders).toHaveCount(3);
  await expect(runHeaders.nth(1)).toContainText('active');
  await expect(comparison.getByRole('row', { name: /^Popularity nDCG/ })).toContainText('0.180');
  await expect(comparison.getByRole('row', { name: /^Silhouette/ })).toContainText('0.420');
  await shot(page, '07-model-quality');
});

test('an untrained dataset says how to train it, and a narrow laptop keeps the layout', async ({ page }) => {
  await page.goto(`/?dataset=${shop}`);
  await page.getByLabel('Dataset').selectOption({ label: 'untrained_shop (not trained)' });
  await expect(page).toHaveURL(/\?dataset=\d+/);
  await expect(page.getByRole('heading', { name: '“untrained_shop” has no events yet' })).toBeVisible();
  await expect(page.getByText('npx portrait train --dataset untrained_shop')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page).toHaveURL(/\/segments\?dataset=\d+/);
  await expect(page.getByRole('heading', { name: '“untrained_shop” has not been trained yet' })).toBeVisible();
  await shot(page, '08-not-trained');

  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto(`/segments?dataset=${shop}`);
  await expect(page.getByRole('article')).toHaveCount(4);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, '09-segments-1024', false);
});
