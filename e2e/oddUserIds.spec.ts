import type { Page } from '@playwright/test';
import { userIdSegment } from '../lib/http/userIdSegment';
import { datasetId } from './datasets';
import { expect, test } from './fixtures';

// Ids a URL resolves away or splits: "." and ".." are this folder and its parent to a browser
// (and to fetch and curl), so a profile link made with encodeURIComponent alone opened the users
// list; "/", "?" and "#" must stay inside the one segment.

const eventsCard = (page: Page) =>
  page.locator('.panel.stat').filter({ has: page.locator('.label', { hasText: /^Events$/ }) });

async function finished(page: Page, jobId: number): Promise<void> {
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/jobs/${jobId}`)).json()) as { job: { status: string } }).job.status,
      { timeout: 180_000 },
    )
    .toMatch(/^(succeeded|failed|cancelled)$/);
  const { job } = (await (await page.request.get(`/api/jobs/${jobId}`)).json()) as {
    job: { status: string; error: string | null };
  };
  expect(job.status, job.error ?? '').toBe('succeeded');
}

const oddIds = ['..', '.', '~..', 'a b/c?d#e'];

test('users whose ids are dots, tildes or URL syntax open from search, by Enter, and through the API', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // a few dozen ordinary users beside them, so the dataset can be trained and profiles read
  const users = [...oddIds, ...Array.from({ length: 40 }, (_, index) => `u${index}`)];
  const rows = users.flatMap((userId, index) =>
    Array.from({ length: 4 + (index % 5) }, (_, event) => {
      const type = event === 3 ? 'purchase' : event === 2 ? 'cart' : 'view';
      const day = String(1 + ((index + event * 3) % 28)).padStart(2, '0');
      return `"${userId.replaceAll('"', '""')}",i${(index * 7 + event) % 12},${type},2025-03-${day}T10:0${event}:00Z`;
    }),
  );
  const admin = page.request;
  const imported = await admin.post('/api/imports', {
    multipart: {
      dataset: 'odd_user_ids',
      events: {
        name: 'events.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`user_id,item_id,type,ts\n${rows.join('\n')}\n`),
      },
    },
  });
  expect(imported.status(), await imported.text()).toBe(202);
  await finished(page, ((await imported.json()) as { job: { id: number } }).job.id);
  const id = await datasetId(page, 'odd_user_ids');
  const trained = await admin.post('/api/jobs', { data: { type: 'train', datasetId: id, textModel: false } });
  expect(trained.status(), await trained.text()).toBe(202);
  await finished(page, ((await trained.json()) as { job: { id: number } }).job.id);

  for (const [index, userId] of oddIds.entries()) {
    const profile = await page.request.get(`/api/datasets/${id}/users/${userIdSegment(userId)}`);
    expect(profile.status(), `${userId}: ${await profile.text()}`).toBe(200);
    expect(((await profile.json()) as { userId: string }).userId).toBe(userId);
    const app = await page.request.get(`/api/v1/datasets/${id}/profiles/${userIdSegment(userId)}`);
    expect(app.status(), `${userId}: ${await app.text()}`).toBe(200);

    await page.goto(`/users?dataset=${id}`);
    await page.getByLabel('User id').fill(userId);
    await page
      .getByRole('list', { name: `Users whose id starts with ${userId}` })
      .getByRole('link', { name: userId, exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Users / ${userId}`);
    await expect(eventsCard(page).locator('.value')).toHaveText(String(4 + index));

    await page.goto(`/users?dataset=${id}`);
    await page.getByLabel('User id').fill(userId);
    await page.getByLabel('User id').press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Users / ${userId}`);
    await expect(eventsCard(page).locator('.value')).toHaveText(String(4 + index));
  }
});
