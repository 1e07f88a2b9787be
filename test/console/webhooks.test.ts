/**
 * The product's walkthrough in the console, in headless chromium: sign in, a new bot, the
 * "Connect a channel first" alert, a sandbox account, a conversational block with a mapping, the
 * production cURL sample copied from the page and run in bash, the call arriving in the activity
 * table without a reload, a call missing a required field listed as rejected with its error.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsolePage,
  type ConsoleService,
  copiedText,
  launchChromium,
  openConsole,
  shoot,
  signIn,
  startConsoleService,
} from './helpers/browser.ts';

const run = promisify(execFile);

describe('console: a webhook from a new bot to a call and its reply', () => {
  let browser: Browser;
  let service: ConsoleService;
  let c: ConsolePage;

  beforeAll(async () => {
    [browser, service] = await Promise.all([launchChromium(), startConsoleService()]);
    c = await openConsole(browser, service.baseUrl);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('refuses a bad token, then signs in with the admin token', async () => {
    const { page } = c;
    await page.goto(`${service.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await shoot(page, 'sign-in');
    await page.getByLabel('Admin token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('This token is not accepted').isVisible()).toBe(true);
    await signIn(page, service.baseUrl, service.token);
    // Kept for this tab only, never in the address.
    expect(await page.evaluate(() => sessionStorage.getItem('hookgate.adminToken'))).toBe(service.token);
    expect(page.url()).not.toContain(service.token);
    expect(await c.context.cookies()).toEqual([]);
  });

  it('a new bot shows "Connect a channel first", linking to Channels', async () => {
    const { page } = c;
    await page.getByRole('button', { name: 'New bot' }).click();
    await page.getByLabel('Bot name').fill('Shop bot');
    await shoot(page, 'bots-new');
    await page.getByRole('button', { name: 'Create bot' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Shop bot', level: 1 }).isVisible()).toBe(true);
    for (const name of ['Channels', 'Webhooks', 'Subscriptions', 'Contacts'])
      expect(await page.getByRole('link', { name }).count()).toBe(1);
    await shoot(page, 'bot');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Connect a channel first' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'New webhook' }).count()).toBe(0);
    await shoot(page, 'webhooks-no-channel');
    await alert.getByRole('link', { name: 'Channels' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Channels', level: 1 }).isVisible()).toBe(true);
  });

  it('connects a sandbox account, the credential fields following the chosen channel', async () => {
    const { page } = c;
    await page.getByRole('button', { name: 'Connect channel' }).click();
    const channel = page.getByLabel('Channel', { exact: true });
    await channel.selectOption('whatsapp');
    expect(await page.getByLabel('accessToken').count()).toBe(1);
    expect(await page.getByLabel('phoneNumberId').count()).toBe(1);
    await channel.selectOption('telegram');
    expect(await page.getByLabel('botToken').count()).toBe(1);
    expect(await page.getByLabel('accessToken').count()).toBe(0);
    await channel.selectOption('sandbox');
    // A bad alias: the API's field error is shown beside the field.
    await page.getByLabel('Alias').fill('no spaces allowed');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const aliasError = page.locator('.field.has-error', { has: page.getByLabel('Alias') }).locator('.field-error');
    await expect.poll(() => aliasError.isVisible()).toBe(true);
    expect(await page.getByLabel('Alias').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Alias').fill('sb');
    await page.getByLabel('Test recipients').fill('tester-1');
    await shoot(page, 'channels-connect');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Sandbox' }).isVisible()).toBe(true);
    expect(await page.getByRole('switch', { name: 'sb active' }).isChecked()).toBe(true);
    await shoot(page, 'channels');
  });

  it('creates a conversational block with a mapping; field errors appear beside their fields', async () => {
    const { page } = c;
    await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('link', { name: 'New webhook' }).click();
    expect(await page.getByLabel('Type').inputValue()).toBe('conversational');
    expect(await page.getByLabel('Channel').inputValue()).toBe('sandbox');
    expect(await page.getByLabel('Account').inputValue()).toBe('sb');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByLabel('Data').fill('data.name');
    await page.getByLabel('Set variable').fill('customer_name');
    await page.getByRole('checkbox', { name: 'Required' }).check();
    await page.getByLabel('Reply').fill('Hi {{customer_name}}, your order has shipped.');
    await page.getByLabel('Folder').fill('orders');
    expect(await page.getByRole('switch', { name: 'Enabled' }).isChecked()).toBe(true);
    // No name yet: refused by the API, the error beside "Name".
    await page.getByRole('button', { name: 'Save' }).click();
    const nameError = page.locator('.field.has-error', { has: page.getByLabel('Name', { exact: true }) }).locator('.field-error');
    await expect.poll(() => nameError.isVisible()).toBe(true);
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Name', { exact: true }).fill('Order shipped');
    await shoot(page, 'webhook-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Order shipped', level: 1 }).isVisible()).toBe(true);

    const bots = (await service.t.api.get('/v1/bots')).body.data;
    const botId = bots[0].id;
    const [block] = (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data;
    expect(block).toMatchObject({
      name: 'Order shipped',
      type: 'conversational',
      channel: 'sandbox',
      account: 'sb',
      folder: 'orders',
      enabled: true,
      variables: [{ data: 'data.name', variable: 'customer_name', required: true }],
      reply: { text: 'Hi {{customer_name}}, your order has shipped.' },
    });
  });

  it('copies the URL, the tokens and each sample; the production cURL sample, run in bash, shows up live with its variable and its reply sent', async () => {
    const { page } = c;
    const botId = (await service.t.api.get('/v1/bots')).body.data[0].id;
    const [block] = (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data;
    const samples = (await service.t.api.get(`/v1/bots/${botId}/webhooks/${block.id}/samples`)).body;

    const endpoint = page.getByRole('region', { name: 'Endpoint' });
    expect(await copiedText(page, endpoint.getByRole('button', { name: 'Copy' }).nth(0))).toBe(block.url);
    expect(await copiedText(page, endpoint.getByRole('button', { name: 'Copy' }).nth(1))).toBe(samples.production.token);
    expect(await copiedText(page, endpoint.getByRole('button', { name: 'Copy' }).nth(2))).toBe(samples.development.token);

    const sampleTabs = page.getByRole('region', { name: 'Samples' });
    for (const [env, label] of [
      ['development', 'Development'],
      ['production', 'Production'],
    ] as const) {
      await sampleTabs.getByRole('tab', { name: label }).click();
      for (const [kind, tab] of [
        ['httpie', 'HTTPie'],
        ['fetch', 'fetch'],
        ['python', 'Python'],
        ['curl', 'cURL'],
      ] as const) {
        await sampleTabs.getByRole('tab', { name: tab }).click();
        const panel = sampleTabs.getByRole('tabpanel', { name: tab });
        expect(await copiedText(page, panel.getByRole('button', { name: 'Copy' }))).toBe(samples[env][kind]);
      }
    }
    // The production cURL sample is what the clipboard holds now; the tabs work from the keyboard too.
    await sampleTabs.getByRole('tab', { name: 'cURL' }).press('ArrowRight');
    expect(await sampleTabs.getByRole('tab', { name: 'HTTPie' }).getAttribute('aria-selected')).toBe('true');
    await sampleTabs.getByRole('tab', { name: 'HTTPie' }).press('ArrowLeft');
    const curl = await copiedText(page, sampleTabs.getByRole('tabpanel', { name: 'cURL' }).getByRole('button', { name: 'Copy' }));
    expect(curl).toBe(samples.production.curl);
    await shoot(page, 'webhook');

    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const { stdout } = await run('bash', ['-c', curl], { timeout: 20_000 });
    const accepted = JSON.parse(stdout);
    expect(accepted).toMatchObject({ environment: 'production', variables: { customer_name: 'example customer_name' } });

    const row = page.locator(`tbody[data-request-id="${accepted.requestId}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain('customer_name = example customer_name');
    await expect.poll(() => row.locator('td[data-label="Reply"]').textContent(), { timeout: 20_000 }).toContain('sent');
    expect(await row.locator('td[data-label="Status"]').textContent()).toContain('accepted');
    expect(await row.locator('td[data-label="Environment"]').textContent()).toBe('production');
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Read from the activity stream, not by polling.
    expect(await page.locator('.activity .live-state').getAttribute('data-state')).toBe('live');

    // The row opens the whole entry, with the body as received.
    await row.getByRole('button').first().click();
    expect(await row.getByRole('button').first().getAttribute('aria-expanded')).toBe('true');
    expect(await row.getByLabel('Body').textContent()).toContain('"name": "example customer_name"');
    await shoot(page, 'webhook-activity');
  });

  it('lists a call missing a required field as rejected, with the field error', async () => {
    const { page } = c;
    const botId = (await service.t.api.get('/v1/bots')).body.data[0].id;
    const [block] = (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data;
    const samples = (await service.t.api.get(`/v1/bots/${botId}/webhooks/${block.id}/samples`)).body;
    const withoutName = samples.production.curl.replace(/-d '.*'$/s, `-d '{"contact_reference_id":"contact-7"}'`);
    expect(withoutName).not.toBe(samples.production.curl);
    const { stdout } = await run('bash', ['-c', withoutName], { timeout: 20_000 });
    const problem = JSON.parse(stdout);
    expect(problem.status).toBe(400);
    const fieldError = problem.errors[0];

    const row = page.locator('tbody.entry.rejected').first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('td[data-label="Status"]').textContent()).toContain('rejected 400');
    await row.getByRole('button').first().click();
    const detail = row.locator('.detail');
    expect(await detail.textContent()).toContain(fieldError.path);
    expect(await detail.textContent()).toContain(fieldError.message);

    await page.getByLabel('Status').selectOption('rejected');
    await expect.poll(() => page.locator('tbody.entry').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');

    // A call with a wrong token: a summary without its body, with who called.
    const forged = samples.production.curl.replace(/Bearer [^']+/, 'Bearer not-the-token');
    expect(JSON.parse((await run('bash', ['-c', forged], { timeout: 20_000 })).stdout).status).toBe(401);
    const unauthorized = page.locator('tbody.entry.rejected', { hasText: 'rejected 401' });
    await expect.poll(() => unauthorized.count(), { timeout: 15_000 }).toBe(1);
    await unauthorized.getByRole('button').first().click();
    expect(await unauthorized.locator('.detail').textContent()).toContain('127.0.0.1');
    expect(await unauthorized.locator('.detail').textContent()).toContain('No body kept');
    await shoot(page, 'webhook-activity-rejected');
  });

  it('previews a body: variables and the rendered reply, nothing stored', async () => {
    const { page } = c;
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByLabel('Body').fill(JSON.stringify({ contact_reference_id: 'c-9', data: { name: 'Grace' } }));
    await preview.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('would be accepted');
    expect(await preview.getByRole('status').textContent()).toContain('Hi Grace, your order has shipped.');
    await preview.getByLabel('Body').fill('{"contact_reference_id":"c-9"}');
    await preview.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('would be rejected');
  });

  it('edits the block: the form opens with its settings, and saves a change', async () => {
    const { page } = c;
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Order shipped');
    expect(await page.getByLabel('Data').inputValue()).toBe('data.name');
    expect(await page.getByLabel('Set variable').inputValue()).toBe('customer_name');
    expect(await page.getByLabel('Folder').inputValue()).toBe('orders');
    await page.getByLabel('Reply').fill('Hello {{customer_name}}!');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Samples' }).isVisible()).toBe(true);
    const botId = (await service.t.api.get('/v1/bots')).body.data[0].id;
    const [block] = (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data;
    expect(block.reply).toMatchObject({ text: 'Hello {{customer_name}}!' });
    expect(block.variables).toEqual([{ data: 'data.name', variable: 'customer_name', required: true }]);
  });

  it('groups webhooks by folder, each with its on/off switch; lists the contacts', async () => {
    const { page } = c;
    await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Webhooks' }).click();
    const folder = page.getByRole('region', { name: 'Folder orders' });
    await expect.poll(() => folder.isVisible()).toBe(true);
    const toggle = folder.getByRole('switch', { name: 'Order shipped enabled' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.focus();
    await page.keyboard.press('Space');
    const botId = (await service.t.api.get('/v1/bots')).body.data[0].id;
    await expect.poll(async () => (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data[0].enabled).toBe(false);
    await shoot(page, 'webhooks');
    await toggle.click();
    await expect.poll(async () => (await service.t.api.get(`/v1/bots/${botId}/webhooks`)).body.data[0].enabled).toBe(true);

    await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Contacts' }).click();
    await expect.poll(() => page.locator('td[data-label="Variables"]', { hasText: 'example customer_name' }).count()).toBeGreaterThan(0);
    await shoot(page, 'contacts');
    expect(c.errors).toEqual([]);
  });
});
