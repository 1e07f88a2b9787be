/**
 * Outbound event webhooks in the console, in headless chromium: a new subscription to a loopback
 * receiver (URL, events, headers, retry schedule), "Send test event", the delivery failing, then
 * "Retry" delivering it, the deliveries table following along; folders and on/off switches.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../helpers/fakes/receiver.ts';
import { createBot } from '../helpers/scenario.ts';
import {
  type ConsolePage,
  type ConsoleService,
  launchChromium,
  openConsole,
  shoot,
  signIn,
  startConsoleService,
} from './helpers/browser.ts';

describe('console: a subscription, a test event and a retried delivery', () => {
  let browser: Browser;
  let service: ConsoleService;
  let receiver: Receiver;
  let c: ConsolePage;
  let botId: string;

  beforeAll(async () => {
    [browser, service, receiver] = await Promise.all([
      launchChromium(),
      startConsoleService(),
      Receiver.start({ status: 503, body: 'down' }),
    ]);
    botId = await createBot(service.t.api, 'Events bot');
    c = await openConsole(browser, service.baseUrl);
    await signIn(c.page, service.baseUrl, service.token);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await receiver?.close();
  });

  it('lists the bots and creates a subscription, its field errors beside the fields', async () => {
    const { page } = c;
    await page.getByRole('link', { name: 'Events bot' }).click();
    await page.getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('button', { name: 'New subscription' }).click();
    await page.getByLabel('Name').fill('CRM');
    await page.getByLabel('URL').fill('not a url');
    await page.getByLabel('Events').fill('lead.*');
    await page.getByRole('button', { name: 'Save' }).click();
    const urlError = page.locator('.field.has-error', { has: page.getByLabel('URL') }).locator('.field-error');
    await expect.poll(() => urlError.isVisible()).toBe(true);

    await page.getByLabel('URL').fill(receiver.url('/crm'));
    await page.getByLabel('Headers').fill('X-Team: growth');
    await page.getByLabel('Max attempts').fill('3');
    await page.getByLabel('Retry schedule (seconds)').fill('60, 300');
    await page.getByLabel('Folder').fill('crm');
    await shoot(page, 'subscription-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Subscription created').isVisible()).toBe(true);
    const [sub] = (await service.t.api.get(`/v1/bots/${botId}/subscriptions`)).body.data;
    expect(sub).toMatchObject({
      name: 'CRM',
      url: receiver.url('/crm'),
      events: ['lead.*'],
      folder: 'crm',
      enabled: true,
      retry: { maxAttempts: 3, scheduleSeconds: [60, 300] },
    });
    expect(Object.keys(sub.headers)).toEqual(['X-Team']);
    expect(await page.locator('code.secret-value').textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Folder crm' }).isVisible()).toBe(true);
    await shoot(page, 'subscriptions');
  });

  it('sends a test event that fails, then retries the delivery, which succeeds; the table follows', async () => {
    const { page } = c;
    await page.getByRole('link', { name: 'CRM' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const status = page.locator('form', { has: page.getByRole('button', { name: 'Send test event' }) }).getByRole('status');
    await expect.poll(() => status.textContent()).toContain('HTTP 503');
    await receiver.waitFor(1, '/crm');
    expect(receiver.at('/crm')[0]!.headers['x-team']).toBe('growth');

    const row = page.locator('tbody.entry').first();
    await expect.poll(() => row.locator('td[data-label="Attempts"]').textContent()).toContain('1');
    expect(await row.locator('td[data-label="Event"]').textContent()).toContain('lead.created');
    expect(await row.locator('td[data-label="Status"]').textContent()).not.toContain('succeeded');

    receiver.answerWith({ status: 204 });
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => row.locator('td[data-label="Status"]').textContent(), { timeout: 15_000 }).toContain('succeeded');
    expect(await row.locator('td[data-label="Attempts"]').textContent()).toContain('2');
    await receiver.waitFor(2, '/crm');

    // A retry made elsewhere (here through the API) shows up in the open page by itself.
    const deliveryId = await row.getAttribute('data-delivery-id');
    const subscriptionId = (await service.t.api.get(`/v1/bots/${botId}/subscriptions`)).body.data[0].id;
    await service.t.api.post(`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries/${deliveryId}/retry`, {});
    await expect.poll(() => row.locator('td[data-label="Attempts"]').textContent(), { timeout: 15_000 }).toContain('3');
    // Read from the deliveries stream, not by polling.
    expect(await page.locator('.live-state').getAttribute('data-state')).toBe('live');

    // The row opens every attempt: the failed one and the manual retry.
    await row.getByRole('button').first().click();
    const attempts = row.locator('.attempt');
    expect(await attempts.count()).toBe(3);
    expect(await attempts.nth(0).textContent()).toContain('HTTP 503');
    expect(await attempts.nth(1).textContent()).toContain('manual');
    expect(await attempts.nth(1).textContent()).toContain('HTTP 204');
    await shoot(page, 'subscription');
  });

  it('switches a subscription off and on from its row, with the keyboard', async () => {
    const { page } = c;
    await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Subscriptions' }).click();
    const toggle = page.getByRole('switch', { name: 'CRM enabled' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.focus();
    await page.keyboard.press('Space');
    const enabled = async () => (await service.t.api.get(`/v1/bots/${botId}/subscriptions`)).body.data[0].enabled;
    await expect.poll(enabled).toBe(false);
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(enabled).toBe(true);

    await page.getByRole('link', { name: 'Bots', exact: true }).first().click();
    await expect.poll(() => page.getByRole('link', { name: 'Events bot' }).isVisible()).toBe(true);
    await shoot(page, 'bots');
    expect(c.errors).toEqual([]);
  });
});
