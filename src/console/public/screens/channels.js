// Channels: the bot's channel accounts, each with its on/off switch, and "Connect channel".

import { ApiError, api, path } from '../lib/api.js';
import { CHANNEL_LABELS, loadCatalogue } from '../lib/catalogue.js';
import { Badge, DeleteButton, html, Loading, Problem, SelectField, Switch, splitList, TextField, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';

const PROVIDERS_WITH_API = new Set(['whatsapp', 'messenger', 'instagram', 'telegram', 'slack', 'sms', 'zalo']);

function ConnectForm({ botId, catalogue, onDone, onCancel }) {
  const [channel, setChannel] = useState('sandbox');
  const [alias, setAlias] = useState('');
  const [credentials, setCredentials] = useState({});
  const [recipients, setRecipients] = useState('');
  const [replyUrl, setReplyUrl] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const [country, setCountry] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const spec = catalogue.channels.find((c) => c.channel === channel);
  const errors = error instanceof ApiError ? error.fieldErrors() : {};

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { channel, alias: alias.trim(), testRecipients: splitList(recipients) };
    const creds = {};
    for (const f of spec.credentials) if (credentials[f.name]) creds[f.name] = credentials[f.name];
    if (spec.credentials.length) body.credentials = creds;
    const config = {};
    if (channel === 'http' && replyUrl.trim()) config.url = replyUrl.trim();
    if (PROVIDERS_WITH_API.has(channel) && apiBaseUrl.trim()) config.apiBaseUrl = apiBaseUrl.trim();
    if (Object.keys(config).length) body.config = config;
    if (spec.phone && country.trim()) body.defaultCountry = country.trim().toUpperCase();
    try {
      await api.post(path`/v1/bots/${botId}/channels`, body);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const shown = new Set([
    '/channel',
    '/alias',
    '/testRecipients',
    '/config/url',
    '/config/apiBaseUrl',
    '/defaultCountry',
    ...spec.credentials.map((f) => `/credentials/${f.name}`),
  ]);
  const unplaced = error && !Object.keys(errors).every((p) => shown.has(p) || p.startsWith('/testRecipients/'));
  const recipientError = Object.entries(errors)
    .filter(([p]) => p.startsWith('/testRecipients'))
    .map(([, m]) => m)
    .join('; ');

  return html`<form class="card" onSubmit=${submit} novalidate>
    <h2>Connect a channel</h2>
    <div class="grid two">
      <${SelectField}
        label="Channel"
        value=${channel}
        onChange=${(v) => {
          setChannel(v);
          setCredentials({});
        }}
        options=${catalogue.channels.map((c) => ({ value: c.channel, label: CHANNEL_LABELS[c.channel] ?? c.channel }))}
        error=${errors['/channel']}
      />
      <${TextField}
        label="Alias"
        value=${alias}
        onInput=${setAlias}
        error=${errors['/alias']}
        hint="How webhooks name this account, e.g. support-line"
        autocomplete="off"
      />
    </div>
    ${
      spec.credentials.length
        ? html`<fieldset>
          <legend>Credentials <span class="muted">(stored encrypted, never shown again)</span></legend>
          <div class="grid two">
            ${spec.credentials.map(
              (f) => html`<${TextField}
                key=${`${channel}-${f.name}`}
                label=${f.name}
                type="password"
                autocomplete="off"
                value=${credentials[f.name] ?? ''}
                onInput=${(v) => setCredentials((c) => ({ ...c, [f.name]: v }))}
                error=${errors[`/credentials/${f.name}`]}
                hint=${f.required ? null : 'optional'}
              />`,
            )}
          </div>
        </fieldset>`
        : null
    }
    ${
      channel === 'http'
        ? html`<${TextField} label="Reply URL" type="url" value=${replyUrl} onInput=${setReplyUrl} error=${errors['/config/url']} hint="Where replies are POSTed" />`
        : null
    }
    ${
      PROVIDERS_WITH_API.has(channel)
        ? html`<${TextField}
          label="API base URL"
          type="url"
          value=${apiBaseUrl}
          onInput=${setApiBaseUrl}
          error=${errors['/config/apiBaseUrl']}
          hint="Optional: a proxy in front of the provider’s API"
        />`
        : null
    }
    ${
      spec.phone
        ? html`<${TextField}
          label="Default country"
          value=${country}
          onInput=${setCountry}
          error=${errors['/defaultCountry']}
          hint="Two letters (US, DE): the country of numbers written without +"
          maxlength="2"
        />`
        : null
    }
    <${TextField}
      label="Test recipients"
      multiline
      rows="2"
      value=${recipients}
      onInput=${setRecipients}
      error=${recipientError || null}
      hint="One per line or comma-separated: the only contacts a development call may message; others are simulated."
    />
    ${unplaced ? html`<${Problem} error=${error} />` : null}
    <div class="actions">
      <button type="submit" disabled=${busy}>Connect</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function AccountRow({ botId, account, onChanged }) {
  const [error, setError] = useState(null);
  const toggle = async (active) => {
    setError(null);
    try {
      await api.patch(path`/v1/bots/${botId}/channels/${account.id}`, { active });
      onChanged();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<tr>
    <th scope="row">${account.alias}<div class="muted mono small">${account.id}</div></th>
    <td data-label="Channel">${CHANNEL_LABELS[account.channel] ?? account.channel}</td>
    <td data-label="Credentials">${account.credentialsSet.length ? account.credentialsSet.join(', ') : html`<span class="muted">none</span>`}</td>
    <td data-label="Test recipients">${account.testRecipients.length ? account.testRecipients.join(', ') : html`<span class="muted">none</span>`}</td>
    <td data-label="Active" class="inline">
      <${Switch} label=${`${account.alias} active`} hideLabel checked=${account.active} onChange=${toggle} error=${error} />
      ${account.active ? html`<${Badge} tone="ok">active</${Badge}>` : html`<${Badge}>off</${Badge}>`}
    </td>
    <td data-label="">
      <${DeleteButton}
        what="account"
        label="Disconnect"
        small
        name=${account.alias}
        path=${path`/v1/bots/${botId}/channels/${account.id}`}
        detail="Its credentials are deleted. A webhook that replies through it must be moved to another account or deleted first."
        onDeleted=${onChanged}
      />
    </td>
  </tr>`;
}

export function ChannelsScreen({ botId }) {
  const accounts = useLoad(() => api.get(path`/v1/bots/${botId}/channels`), [botId]);
  const catalogue = useLoad(loadCatalogue, []);
  const [connecting, setConnecting] = useState(false);
  const list = accounts.data?.data ?? [];
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="channels"
      title="Channels"
      actions=${connecting ? null : html`<button type="button" onClick=${() => setConnecting(true)}>Connect channel</button>`}
    />
    ${
      connecting && catalogue.data
        ? html`<${ConnectForm}
          botId=${botId}
          catalogue=${catalogue.data}
          onCancel=${() => setConnecting(false)}
          onDone=${() => {
            setConnecting(false);
            accounts.reload();
          }}
        />`
        : null
    }
    <${Problem} error=${accounts.error ?? catalogue.error} />
    ${accounts.loading && !accounts.data ? html`<${Loading} />` : null}
    ${
      accounts.data && list.length === 0
        ? html`<p class="empty">No channel connected yet. A sandbox account records replies instead of sending them: a good start.</p>`
        : null
    }
    ${
      list.length
        ? html`<div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">Channel accounts</caption>
            <thead>
              <tr><th scope="col">Alias</th><th scope="col">Channel</th><th scope="col">Credentials</th><th scope="col">Test recipients</th><th scope="col">Active</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              ${list.map((a) => html`<${AccountRow} key=${a.id} botId=${botId} account=${a} onChanged=${accounts.reload} />`)}
            </tbody>
          </table>
        </div>`
        : null
    }
  </section>`;
}
