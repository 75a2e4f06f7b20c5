import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { datasetId } from './datasets';
import { e2eAdmin, expect, shot, signInAs, test } from './fixtures';

// The admin screen as the demo admin uses it (the e2e server signs in as one and runs a worker):
// an export and an evaluation of `e2e_shop` queued, followed to the end, the export downloaded
// and the evaluation's metrics read from the job history; then an attribute of `e2e_admin`, a
// dataset no other spec reads, marked sensitive (by a real admin, signed in) and gone from its
// users' pages at once.

/** Submits a start form and returns the id of the job it queued, read from the form's status. */
async function queueJob(form: Locator, button: string): Promise<number> {
  await form.getByRole('button', { name: button }).click();
  const queued = form.getByText(/^Queued as job \d+\./);
  await expect(queued).toBeVisible();
  return Number(/job (\d+)/.exec((await queued.textContent()) ?? '')?.[1]);
}

/** The job history's row of a job, once the job has succeeded. */
async function succeededRow(page: Page, title: string, timeout: number) {
  const row = page.getByRole('region', { name: 'Job history' }).getByRole('row', { name: new RegExp(`^${title}`) });
  await expect(row.getByText('succeeded', { exact: true })).toBeVisible({ timeout });
  return row;
}

test('queues an export and an evaluation, downloads the file and reads the metrics', async ({ page }) => {
  // the evaluation refits the recommender, attribute and churn models on 6,000 users
  test.setTimeout(240_000);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
  const start = page.getByRole('region', { name: 'Start a job' });
  await start.getByLabel('Dataset').selectOption({ label: 'e2e_shop' });

  const exportForm = start.getByRole('form', { name: 'Export the personas of e2e_shop' });
  await exportForm.getByLabel('Format').selectOption({ label: 'Markdown' });
  const exportJob = await queueJob(exportForm, 'Start export');

  const evaluateForm = start.getByRole('form', { name: 'Evaluate e2e_shop' });
  await evaluateForm.getByRole('checkbox', { name: 'age_band' }).check();
  // a sensitive attribute is not offered as a truth
  await expect(evaluateForm.getByRole('checkbox', { name: 'religion' })).toHaveCount(0);
  const evaluateJob = await queueJob(evaluateForm, 'Start evaluation');

  const exportRow = await succeededRow(page, `Export of e2e_shop \\(job ${exportJob}\\)`, 60_000);
  await expect(exportRow).toContainText('personas, md');
  const link = exportRow.getByRole('link', { name: /^Download e2e_shop-run\d+-personas\.md$/ });
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(file.suggestedFilename()).toMatch(/^e2e_shop-run\d+-personas\.md$/);
  const markdown = (await readFile(await file.path())).toString('utf8');
  for (const persona of ['Bargain hunters', 'Camera enthusiasts', 'Loyal bookworms', 'Lapsed shoppers']) {
    expect(markdown).toContain(`## ${persona}`);
  }
  // the segment under the size floor is counted, never exported
  expect(markdown).not.toContain('Tiny group');

  const evaluateRow = await succeededRow(page, `Evaluation of e2e_shop \\(job ${evaluateJob}\\)`, 200_000);
  await expect(evaluateRow).toContainText('against age_band');
  const results = evaluateRow.getByRole('list', { name: `Results of evaluation job ${evaluateJob}` });
  await expect(results).toContainText(/Segments vs age_band: ARI -?\d\.\d{3}, NMI \d\.\d{3} \([\d,]+ users\)/);
  await expect(results).toContainText(/Recommendations: nDCG@10 \d\.\d{3} vs popularity \d\.\d{3}/);
  await expect(results).toContainText(/Churn: AUC \d\.\d{3} vs 0\.5 \(held-out users/);
  await evaluateRow.scrollIntoViewIfNeeded();
  await shot(page, 'admin-01-jobs');
});

test('marking an attribute sensitive removes it from the user page at once', async ({ page }) => {
  // settings are not the demo admin's to change
  await signInAs(page, e2eAdmin);
  const dataset = await datasetId(page, 'e2e_admin');
  // u00005 lacks is_member, so the run inferred it; u00001 has it on record (profiles show the
  // attribute's display name)
  const inferred = () =>
    page.getByRole('region', { name: 'Inferred attributes' }).getByText('Is member', { exact: true });
  const known = () => page.getByRole('region', { name: 'Known attributes' }).getByText('Is member', { exact: true });
  await page.goto(`/users/u00005?dataset=${dataset}`);
  await expect(inferred()).toBeVisible();
  await page.goto(`/users/u00001?dataset=${dataset}`);
  await expect(known()).toBeVisible();

  await page.goto('/admin?tab=settings');
  const settings = page.getByRole('region', { name: 'Dataset settings' });
  await settings.getByLabel('Dataset').selectOption({ label: 'e2e_admin' });
  const form = settings.getByRole('form', { name: 'Settings of e2e_admin' });
  await expect(form.getByRole('checkbox', { name: /^religion / })).toBeChecked();
  const member = form.getByRole('checkbox', { name: /^is_member / });
  await expect(member).not.toBeChecked();
  await member.check();
  await expect(form.getByText('Saving deletes every inference about is_member at once.')).toBeVisible();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Saved\./)).toBeVisible();
  await expect(member).toBeChecked();
  await expect(form.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await shot(page, 'admin-02-settings');

  await page.goto(`/users/u00005?dataset=${dataset}`);
  await expect(page.getByRole('region', { name: 'Inferred attributes' })).toBeVisible();
  await expect(inferred()).toHaveCount(0);
  await page.goto(`/users/u00001?dataset=${dataset}`);
  await expect(page.getByRole('region', { name: 'Known attributes' })).toBeVisible();
  await expect(known()).toHaveCount(0);

  // leave the setting as it was (the deleted inferences come back only with a retrain)
  await page.goto('/admin?tab=settings');
  await settings.getByLabel('Dataset').selectOption({ label: 'e2e_admin' });
  await member.uncheck();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Saved\./)).toBeVisible();
  await expect(member).not.toBeChecked();
});

test('the recommender split is chosen on the settings screen, each choice explained, and kept', async ({ page }) => {
  await signInAs(page, e2eAdmin);
  const dataset = await datasetId(page, 'e2e_admin');
  await page.goto('/admin?tab=settings');
  const settings = page.getByRole('region', { name: 'Dataset settings' });
  await settings.getByLabel('Dataset').selectOption({ label: 'e2e_admin' });
  const form = settings.getByRole('form', { name: 'Settings of e2e_admin' });
  const choices = form.getByRole('group', { name: 'Recommender tuned for' });
  const time = choices.getByRole('radio', { name: "Each user's next items (time)" });
  const random = choices.getByRole('radio', { name: 'Randomly held-out items (random)' });
  await expect(time).toBeChecked();
  await expect(time).toHaveAccessibleDescription(/as a live shop needs\.$/);
  await expect(random).toHaveAccessibleDescription(/as public benchmarks measure it\.$/);

  await random.check();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Saved\./)).toBeVisible();
  await choices.scrollIntoViewIfNeeded();
  await shot(page, 'admin-03-recommend-split', false);
  // stored where `portrait evaluate` and the next retrain read it
  const stored = await page.request.get(`/api/datasets/${dataset}/settings`);
  expect(((await stored.json()) as { settings: { recommendSplit: string } }).settings.recommendSplit).toBe('random');
  await page.reload();
  await settings.getByLabel('Dataset').selectOption({ label: 'e2e_admin' });
  await expect(random).toBeChecked();

  // leave the setting as it was
  await time.check();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Saved\./)).toBeVisible();
  await expect(time).toBeChecked();
});

test('the admin screen opened from a dataset has that dataset chosen in every form, tab to tab', async ({ page }) => {
  const id = await datasetId(page, 'e2e_admin');
  await page.goto(`/?dataset=${id}`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]dataset=${id}\\b`));
  const start = page.getByRole('region', { name: 'Start a job' });
  await expect(start.getByLabel('Dataset').locator('option:checked')).toHaveText('e2e_admin');
  await expect(start.getByRole('form', { name: 'Export the personas of e2e_admin' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(new RegExp(`tab=settings.*dataset=${id}\\b`));
  const settings = page.getByRole('region', { name: 'Dataset settings' });
  await expect(settings.getByLabel('Dataset').locator('option:checked')).toHaveText('e2e_admin');
  await expect(
    page
      .getByRole('region', { name: 'Privacy and data removal' })
      .getByLabel('Dataset')
      .first()
      .locator('option:checked'),
  ).toHaveText('e2e_admin');
});
