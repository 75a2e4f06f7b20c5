import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../lib/audiences/destinations/signPayload';
import { datasetId } from './datasets';
import { e2eAdmin, expect, shot, signInAs, test } from './fixtures';

// Builds an audience in the browser on the seeded e2e_shop ("churn risk >= 0.7 AND segment =
// Lapsed shoppers AND purchased in the last 90 days"), sees its live size, saves it with a 10%
// control group, adds a webhook on 127.0.0.1 and sends it: what arrives is the targeted members,
// signed, and no held-out member.

interface Arrival {
  body: string;
  signature: string;
  timestamp: string;
  json: { full: boolean; entered: string[]; left: string[]; type: string };
}

function startReceiver(): Promise<{ url: string; arrivals: Arrival[]; server: Server }> {
  const arrivals: Arrival[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      arrivals.push({
        body,
        signature: String(request.headers['x-portrait-signature']),
        timestamp: String(request.headers['x-portrait-timestamp']),
        json: JSON.parse(body),
      });
      response.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, server }),
    ),
  );
}

test('builds an audience, sees its live size, holds out 10% and sends it to a webhook', async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signInAs(page, e2eAdmin);
    const shop = await datasetId(page, 'e2e_shop');
    await page.goto(`/audiences?dataset=${shop}`);
    await page.getByRole('button', { name: 'New audience' }).click();

    const first = page.getByRole('group', { name: 'Condition 1' });
    await first.getByLabel('Condition type', { exact: true }).selectOption('score');
    await first.getByLabel('Score', { exact: true }).selectOption('churn');
    await first.getByLabel('Comparison', { exact: true }).selectOption('gte');
    await first.getByLabel('Score value', { exact: true }).fill('0.7');

    await page.getByRole('button', { name: 'Add condition' }).click();
    const second = page.getByRole('group', { name: 'Condition 2' });
    await second.getByLabel('Condition type', { exact: true }).selectOption('segment');
    await second.getByLabel('Segment', { exact: true }).selectOption({ label: 'Lapsed shoppers' });

    await page.getByRole('button', { name: 'Add condition' }).click();
    const third = page.getByRole('group', { name: 'Condition 3' });
    await third.getByLabel('Condition type', { exact: true }).selectOption('behaviour');
    await third.getByLabel('Event type', { exact: true }).selectOption('purchase');
    await third.getByLabel('Days', { exact: true }).fill('90');

    const liveSize = page.getByTestId('live-size');
    await expect(liveSize).toContainText('of');
    const sized = Number(((await liveSize.locator('strong').textContent()) ?? '').replace(/[^0-9]/g, ''));
    expect(sized).toBeGreaterThan(0);
    await expect(page.getByRole('list', { name: 'Sample of members' }).getByRole('listitem').first()).toBeVisible();
    await shot(page, 'audience-editor');

    await page.getByLabel('Name', { exact: true }).fill('Lapsing buyers at risk');
    await page.getByLabel('Control group (held out, %)', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save audience' }).click();
    await expect(page.getByRole('heading', { name: 'Lapsing buyers at risk' })).toBeVisible();
    await expect(page.getByTestId('audience-size')).toHaveText(sized.toLocaleString('en-US'));

    await page.getByLabel('Destination name', { exact: true }).fill('Local receiver');
    await page.getByLabel('Webhook URL', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret =
      (await page.getByRole('status').filter({ hasText: 'Signing secret' }).locator('code').first().textContent()) ??
      '';

    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('table', { name: 'Deliveries to Local receiver' })).toContainText('delivered', {
      timeout: 60_000,
    });
    await shot(page, 'audience-sent');

    const audienceId = Number(new URL(page.url()).pathname.split('/').at(-1));
    const members = await page.request.get(`/api/audiences/${audienceId}/members?pageSize=200`);
    const listed = (await members.json()) as { total: number; members: { userId: string; holdout: boolean }[] };
    expect(listed.total).toBe(sized);
    const targeted = new Set(listed.members.filter((m) => !m.holdout).map((m) => m.userId));
    const heldOut = listed.members.filter((m) => m.holdout).map((m) => m.userId);

    const sent = receiver.arrivals.flatMap((arrival) => arrival.json.entered);
    for (const arrival of receiver.arrivals) {
      expect(verifySignature(secret, arrival.timestamp, arrival.body, arrival.signature)).toBe(true);
      expect(arrival.json.full).toBe(true);
    }
    if (listed.total <= 200) expect(new Set(sent)).toEqual(targeted);
    for (const userId of heldOut) expect(sent).not.toContain(userId);

    // a scheduled CSV export (a schedule that cannot fire is refused: test/integration/audienceCsvExports.test.ts,
    // kept out of here since its 400 is an error in the browser console); a run writes the targeted members
    await page.getByLabel('Export name', { exact: true }).fill('Nightly file');
    await page.getByRole('combobox', { name: /^Every/ }).selectOption('daily');
    await page.getByRole('button', { name: 'Add CSV export' }).click();
    await expect(page.getByText('CSV export, schedule')).toContainText('0 3 * * *');
    await page.getByRole('button', { name: 'Export now' }).click();
    const runs = page.getByRole('table', { name: 'Runs of Nightly file' });
    await expect(runs).toContainText('written', { timeout: 60_000 });
    const href = (await runs.getByRole('link').first().getAttribute('href')) ?? '';
    const file = await (await page.request.get(href)).text();
    const fileIds = file
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    const targetedTotal = (await (
      await page.request.get(`/api/audiences/${audienceId}/members?targetedOnly=true&pageSize=1`)
    ).json()) as { total: number };
    expect(fileIds.length).toBe(targetedTotal.total);
    for (const userId of heldOut) expect(fileIds).not.toContain(userId);
    await shot(page, 'audience-csv-export');
  } finally {
    receiver.server.close();
  }
});
