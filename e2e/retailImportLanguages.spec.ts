import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { Page } from '@playwright/test';
import { createTranslator } from 'next-intl';
import { flattenMessages, readMessages } from '../test/helpers/messageTree';
import { datasetId } from './datasets';
import { e2eAdmin, expect, shot, test } from './fixtures';

// The analyst's first hour in each language: the UCI Online Retail sample (test/fixtures/README.md)
// uploaded on the Import screen, its columns mapped in the browser, imported, trained from Admin,
// a custom goal defined on the Prediction goals tab and trained with the run, its personas, a
// profile, the quality screen, the overview's profile updates and every Admin tab opened. Labels are read from
// the same messages the screens use, so one walk serves both languages; on the Chinese walk no
// English sentence of the dashboard's own may show on these screens.

const retailFile = path.resolve('test', 'fixtures', 'uci', 'online_retail_sample.csv');

/** The literal runs of a message ("Queued as job ", ". A worker picks it up…"), without its arguments. */
function literalRuns(message: string): string[] {
  const runs: string[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal) runs.push(element.value);
      if (element.type === TYPE.plural || element.type === TYPE.select)
        for (const option of Object.values(element.options)) walk(option.value);
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return runs.map((run) => run.trim()).filter(Boolean);
}

/**
 * Sentences of the dashboard's English messages that a Chinese screen must never show: literal
 * runs of at least three words that the Chinese messages do not contain themselves.
 */
function englishSentences(): string[] {
  const english = flattenMessages(readMessages('en'));
  const chinese = [...flattenMessages(readMessages('zh-CN')).values()].join('\n');
  const found = new Set<string>();
  for (const message of english.values()) {
    for (const run of literalRuns(message)) {
      if (run.split(/\s+/).length >= 3 && /[a-z]{3}/.test(run) && !chinese.includes(run)) found.add(run);
    }
  }
  return [...found];
}

async function expectNoEnglish(page: Page, screen: string, sentences: string[]) {
  const text = await page.locator('body').innerText();
  const shown = sentences.filter((sentence) => text.includes(sentence));
  expect(shown, `English sentences on the Chinese ${screen}`).toEqual([]);
}

for (const locale of ['en', 'zh-CN'] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test(`imports, trains and reads the retail order log (${locale})`, async ({ browser, page }) => {
      test.setTimeout(360_000);
      const t = createTranslator({ locale, messages: readMessages(locale) as never }) as unknown as (
        key: string,
        values?: Record<string, string | number>,
      ) => string;
      const sentences = locale === 'en' ? [] : englishSentences();
      if (locale !== 'en') expect(sentences.length).toBeGreaterThan(100);
      const check = (screen: string, on = page) =>
        locale === 'en' ? Promise.resolve() : expectNoEnglish(on, screen, sentences);
      const name = `retail_${locale.replace('-', '')}_${Date.now().toString(36)}`;
      const required = (field: string) => `${t(`Mapping.${field}`)}${t('Mapping.required')}`;

      await page.goto('/import');
      await page.getByLabel(t('Import.datasetName')).fill(name);
      await page.getByLabel(t('Import.eventsFile')).setInputFiles(retailFile);
      const events = page.getByRole('region', { name: /online_retail_sample\.csv/ }).first();
      await expect(events.getByLabel(required('field_user_id'))).toHaveValue('column:CustomerID');
      await expect(events.getByLabel(t('Mapping.timeFormat'), { exact: true })).toHaveValue('M/D/YYYY H:MM');
      await expect(events.getByLabel(required('field_type'))).toHaveValue('mode:constant');
      await expect(events.getByRole('list', { name: t('Mapping.refusedLabel') })).toContainText(
        t('ServerText.missingField', { field: 'user_id' }),
      );
      await page.getByLabel(t('Import.itemsFile')).setInputFiles(retailFile);
      await page.getByLabel(t('Import.skipInvalid')).check();
      await shot(page, `${locale}-import-mapping`);
      await check('Import screen');

      await page.getByRole('button', { name: t('Import.submit') }).click();
      await expect(page.getByRole('heading', { name: t('ImportStatus.imported', { name }) })).toBeVisible({
        timeout: 90_000,
      });
      await shot(page, `${locale}-import-done`);
      await check('import report');

      const id = await datasetId(page, name);
      // a custom goal before the retrain: the run trains it, and its scores reach personas and
      // profiles. Defining one is a real admin's (the demo admin may not change settings), in a
      // browser of the same language beside the demo admin's
      const adminContext = await browser.newContext({ locale });
      const admin = await adminContext.newPage();
      expect((await admin.request.post('/api/auth/login', { data: e2eAdmin })).ok()).toBe(true);
      const goalName = locale === 'en' ? 'Buys again' : '再次购买';
      const goalsTab = async () => {
        await admin.goto('/admin?tab=goals');
        await admin.getByLabel(t('Admin.goals.dataset'), { exact: true }).selectOption(String(id));
        return admin.getByRole('row', { name: new RegExp(`^${goalName}`) });
      };
      const goalForm = admin.getByRole('form', { name: t('Admin.goals.form.label', { dataset: name }) });
      await goalsTab();
      await expect(admin.getByText(t('Admin.goals.none', { dataset: name }))).toBeVisible();
      await goalForm.getByLabel(t('Admin.goals.form.name'), { exact: true }).fill(goalName);
      await goalForm.getByLabel(t('Admin.goals.form.days'), { exact: true }).fill('60');
      await goalForm.getByRole('button', { name: t('Admin.goals.form.add') }).click();
      const newGoal = admin.getByRole('row', { name: new RegExp(`^${goalName}`) });
      await expect(newGoal).toContainText(t('Admin.goals.run.notYet'));
      await shot(admin, `${locale}-admin-goals-new`);
      await check('Admin goals tab', admin);

      await page.goto('/admin');
      await page
        .getByRole('region', { name: t('Admin.startJob') })
        .getByLabel(t('Admin.forms.dataset'))
        .selectOption(String(id));
      const retrain = page.getByRole('form', { name: t('Admin.retrain.formLabel', { name }) });
      await retrain.getByLabel(t('Admin.retrain.textModel')).uncheck();
      await retrain.getByRole('button', { name: t('Admin.retrain.start') }).click();
      const running = page.getByRole('region', { name: t('Admin.runningAndQueued') });
      // the running job, its stage and progress in the screen's language, when the walk sees it run
      const seenRunning = await running
        .getByRole('progressbar')
        .waitFor({ timeout: 60_000 })
        .then(() => true)
        .catch(() => false);
      if (seenRunning) {
        await shot(page, `${locale}-admin-retrain-running`);
        await check('running job');
      }
      const history = page.getByRole('region', { name: t('Admin.jobHistory') });
      const title = t('Admin.jobs.title', { type: t('Admin.jobs.types.train'), dataset: name, id: 0 }).split(
        /\(|（/,
      )[0];
      await expect(
        history
          .getByRole('row', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
          .getByText(t('Admin.jobs.statuses.succeeded'), { exact: true }),
      ).toBeVisible({ timeout: 240_000 });
      await shot(page, `${locale}-admin-jobs`);
      await check('Admin jobs tab');

      await page.goto(`/segments?dataset=${id}`);
      const personas = page.getByRole('article');
      await expect(personas.first()).toBeVisible({ timeout: 30_000 });
      expect(await personas.count()).toBeGreaterThanOrEqual(2);
      await shot(page, `${locale}-retail-personas`);
      await check('segments screen');

      const cards = (await (await page.request.get(`/api/datasets/${id}/segments`)).json()) as {
        segments: { index: number }[];
      };
      const members = await page.request.get(
        `/api/datasets/${id}/segments/${cards.segments[0].index}/users?pageSize=1`,
      );
      expect(members.ok()).toBe(true);
      const { rows } = (await members.json()) as { rows: { userId: string }[] };
      await page.goto(`/users/${encodeURIComponent(rows[0].userId)}?dataset=${id}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(rows[0].userId);
      await page.waitForLoadState('networkidle');
      await shot(page, `${locale}-retail-profile`);
      await check('profile');

      await page.goto(`/quality?dataset=${id}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await shot(page, `${locale}-retail-quality`);
      await check('quality screen');

      await page.goto(`/?dataset=${id}`);
      await expect(page.getByRole('region', { name: t('Overview.profileUpdates') })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await shot(page, `${locale}-retail-overview`);
      await check('overview');

      // what the run made of the goal: its hold-out AUC against chance, or why it was not trained
      const trainedGoal = await goalsTab();
      await expect(trainedGoal).toBeVisible();
      await expect(trainedGoal).not.toContainText(t('Admin.goals.run.notYet'));
      await admin.waitForLoadState('networkidle');
      await shot(admin, `${locale}-admin-goals-trained`);
      await check('Admin goals tab after the retrain', admin);
      await adminContext.close();

      // the tabs the demo admin may not use, as a real admin (signed in over the API, the
      // language still the browser's: the account has chosen none)
      const login = await page.request.post('/api/auth/login', { data: e2eAdmin });
      expect(login.ok()).toBe(true);
      for (const tab of ['users', 'api-keys', 'audit', 'settings'] as const) {
        await page.goto(`/admin?tab=${tab}`);
        await expect(page.getByRole('link', { name: t(`Admin.tabs.${tab}`), exact: true })).toHaveAttribute(
          'aria-current',
          'page',
        );
        await page.waitForLoadState('networkidle');
        await shot(page, `${locale}-admin-${tab}`);
        await check(`Admin ${tab} tab`);
      }
    });
  });
}

test('the language chosen while signed in follows the account to another browser', async ({ browser, page }) => {
  const email = `i18n-${Date.now().toString(36)}@example.com`;
  const password = 'a long enough password';
  const admin = await page.request.post('/api/auth/login', { data: e2eAdmin });
  expect(admin.ok()).toBe(true);
  const created = await page.request.post('/api/accounts', { data: { email, role: 'analyst', password } });
  expect(created.ok()).toBe(true);
  await page.request.post('/api/auth/logout');

  // first browser, English: sign in and switch to 简体中文 in the header
  const login = await page.request.post('/api/auth/login', { data: { email, password } });
  expect(login.ok()).toBe(true);
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();

  // a second browser that asks for English and has no cookie of the first: signed in, it reads Chinese
  const other = await browser.newContext({ locale: 'en-US' });
  const second = await other.newPage();
  expect((await second.request.post('/api/auth/login', { data: { email, password } })).ok()).toBe(true);
  await second.goto('/');
  await expect(second.getByRole('navigation', { name: '主导航' })).toBeVisible();
  await second.request.post('/api/auth/logout');
  // signed out, the browser's own language decides again
  await second.goto('/');
  await expect(second.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await other.close();
});
