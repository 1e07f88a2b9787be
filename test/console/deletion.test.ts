/**
 * Deleting in the console, in headless chromium: each "Delete…" opens a dialog that asks for the
 * name typed out, sends the DELETE only then, and goes back to the list; a refusal (an account a
 * webhook still replies through, a read-only token) is shown in the dialog and deletes nothing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callHook, ORDER_BLOCK, orderBody, setupInbound, subscribe } from '../helpers/scenario.ts';
import {
  type ConsolePage,
  type ConsoleService,
  launchChromium,
  openConsole,
  shoot,
  signIn,
  startConsoleService,
} from './helpers/browser.ts';

describe('console: deleting a subscription, a contact’s variables, a webhook, a channel account and a bot', () => {
  let browser: Browser;
  let service: ConsoleService;
  let c: ConsolePage;
  let botId: string;
  let accountId: string;
  let webhookId: string;
  let subscriptionId: string;
  let tokens: { production: string; development: string };

  beforeAll(async () => {
    [browser, service] = await Promise.all([launchChromium(), startConsoleService()]);
    const api = service.t.api;
    const setup = await setupInbound(api, ORDER_BLOCK, 'support-line');
    botId = setup.botId;
    accountId = setup.accountId;
    webhookId = setup.webhook.id;
    tokens = setup.tokens;
    subscriptionId = (await subscribe(api, botId, { name: 'CRM', url: 'https://crm.example.com/hook', events: ['lead.*'] })).id;
    c = await openConsole(browser, service.baseUrl);
    await signIn(c.page, service.baseUrl, service.token);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  const status = async (path: string) => (await service.t.api.get(path)).status;

  it('deletes a subscription once its name is typed out, and goes back to the list', async () => {
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}/subscriptions/${subscriptionId}`);
    await page.getByRole('heading', { name: 'CRM', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete subscription “CRM”?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete subscription' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type CRM to confirm').fill('crm');
    expect(await confirm.isDisabled()).toBe(true);
    // Enter with the wrong name sends nothing.
    await dialog.getByLabel('Type CRM to confirm').press('Enter');
    expect(await status(`/v1/bots/${botId}/subscriptions/${subscriptionId}`)).toBe(200);
    await dialog.getByLabel('Type CRM to confirm').fill('CRM');
    await shoot(page, 'delete-dialog');
    await confirm.click();
    await page.waitForURL(`**/#/bots/${botId}/subscriptions`);
    expect(await status(`/v1/bots/${botId}/subscriptions/${subscriptionId}`)).toBe(404);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('takes a name typed as shown, whatever its runs of spaces, and Escape closes without deleting', async () => {
    const created = await subscribe(service.t.api, botId, {
      name: 'Ops   backup',
      url: 'https://ops.example.com/hook',
      events: ['lead.*'],
    });
    expect(created.name).toBe('Ops   backup');
    const spaced: string = created.id;
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}/subscriptions/${spaced}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete subscription “Ops backup”?' });
    await dialog.getByLabel('Type Ops backup to confirm').fill('Ops backup');
    expect(await dialog.getByRole('button', { name: 'Delete subscription' }).isEnabled()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await status(`/v1/bots/${botId}/subscriptions/${spaced}`)).toBe(200);
    // Opened again: empty, and the DELETE goes.
    await page.getByRole('button', { name: 'Delete…' }).click();
    expect(await dialog.getByLabel('Type Ops backup to confirm').inputValue()).toBe('');
    await dialog.getByLabel('Type Ops backup to confirm').fill('Ops backup');
    await dialog.getByLabel('Type Ops backup to confirm').press('Enter');
    await page.waitForURL(`**/#/bots/${botId}/subscriptions`);
    expect(await status(`/v1/bots/${botId}/subscriptions/${spaced}`)).toBe(404);
  });

  it('erases a contact’s variables, both environments', async () => {
    const api = service.t.api;
    expect((await callHook(api, webhookId, tokens.production, orderBody('contact-1', 'Ada'))).status).toBe(202);
    expect((await callHook(api, webhookId, tokens.development, orderBody('contact-1', 'Ada Dev'))).status).toBe(202);
    expect((await callHook(api, webhookId, tokens.production, orderBody('contact-2', 'Grace'))).status).toBe(202);
    expect(await status(`/v1/bots/${botId}/contacts/sandbox/contact-1/variables?environment=development`)).toBe(200);
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}/contacts`);
    await page.getByRole('rowheader', { name: 'contact-1' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'contact-1' }) });
    await row.getByRole('button', { name: 'Erase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase contact “contact-1”?' });
    await dialog.getByLabel('Type contact-1 to confirm').fill('contact-1');
    await dialog.getByRole('button', { name: 'Erase contact' }).click();
    await expect.poll(() => page.getByRole('rowheader', { name: 'contact-1' }).count()).toBe(0);
    // The button went with its row: the focus is on the page's heading, and the erasure was announced.
    expect(await page.locator(':focus').textContent()).toBe('Contacts');
    expect(await page.locator('#announcer').textContent()).toBe('Erased contact “contact-1”.');
    expect(await page.getByRole('rowheader', { name: 'contact-2' }).count()).toBe(1);
    expect(await status(`/v1/bots/${botId}/contacts/sandbox/contact-1/variables`)).toBe(404);
    expect(await status(`/v1/bots/${botId}/contacts/sandbox/contact-1/variables?environment=development`)).toBe(404);
    expect(await status(`/v1/bots/${botId}/contacts/sandbox/contact-2/variables`)).toBe(200);
  });

  it('shows why an account a webhook replies through cannot be disconnected, and Cancel deletes nothing', async () => {
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}/channels`);
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect account “support-line”?' });
    await dialog.getByLabel('Type support-line to confirm').fill('support-line');
    await dialog.getByRole('button', { name: 'Disconnect account' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain(`Webhooks still reply through this account: ${webhookId}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await status(`/v1/bots/${botId}/channels/${accountId}`)).toBe(200);
  });

  it('deletes a webhook, whose URL then answers 404, and then the account it replied through', async () => {
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}/webhooks/${webhookId}`);
    await page.getByRole('heading', { name: 'Order shipped', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete webhook “Order shipped”?' });
    await dialog.getByLabel('Type Order shipped to confirm').fill('Order shipped');
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL(`**/#/bots/${botId}/webhooks`);
    expect(await status(`/v1/bots/${botId}/webhooks/${webhookId}`)).toBe(404);
    expect((await service.t.app.request(`/hooks/${webhookId}`, { method: 'POST', body: '{}' })).status).toBe(404);

    await page.goto(`${service.baseUrl}/#/bots/${botId}/channels`);
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    const disconnect = page.getByRole('dialog', { name: 'Disconnect account “support-line”?' });
    await disconnect.getByLabel('Type support-line to confirm').fill('support-line');
    await disconnect.getByRole('button', { name: 'Disconnect account' }).click();
    await page.getByText('No channel connected yet.', { exact: false }).waitFor();
    expect(await status(`/v1/bots/${botId}/channels/${accountId}`)).toBe(404);
  });

  it('shows a read-only token’s refusal in the dialog and keeps the bot', async () => {
    const reader = await openConsole(browser, service.baseUrl);
    try {
      await signIn(reader.page, service.baseUrl, await service.t.token('ws1', 'read'));
      await reader.page.goto(`${service.baseUrl}/#/bots/${botId}`);
      await reader.page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = reader.page.getByRole('dialog', { name: 'Delete bot “Support bot”?' });
      await dialog.getByLabel('Type Support bot to confirm').fill('Support bot');
      await dialog.getByRole('button', { name: 'Delete bot' }).click();
      await expect.poll(() => dialog.getByRole('alert').isVisible()).toBe(true);
      expect(await dialog.isVisible()).toBe(true);
      expect(await status(`/v1/bots/${botId}`)).toBe(200);
      expect(reader.errors).toEqual([]);
    } finally {
      await reader.context.close();
    }
  });

  it('deletes the bot, which leaves the list of bots', async () => {
    const { page } = c;
    await page.goto(`${service.baseUrl}/#/bots/${botId}`);
    await page.getByRole('heading', { name: 'Support bot', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete bot “Support bot”?' });
    await dialog.getByLabel('Type Support bot to confirm').fill('Support bot');
    await dialog.getByRole('button', { name: 'Delete bot' }).click();
    await page.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();
    await page.getByText('No bots yet.', { exact: false }).waitFor();
    expect(await status(`/v1/bots/${botId}`)).toBe(404);
    expect(c.errors).toEqual([]);
  });
});
