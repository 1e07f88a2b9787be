// Subscriptions: the bot's outbound event webhooks grouped by folder, each with its on/off switch,
// and "New subscription" (URL, events, headers, retry schedule).

import { ApiError, api, path } from '../lib/api.js';
import { loadCatalogue } from '../lib/catalogue.js';
import { groupByFolder, html, Loading, Problem, SelectField, Switch, splitList, TextField, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

/** `Name: value` lines into an object; a line without a colon is an error. */
function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 1) return { error: `“${line.trim()}” is not “Name: value”.` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { headers };
}

function NewSubscription({ botId, catalogue, onDone, onCancel }) {
  const [f, setF] = useState({
    name: '',
    url: '',
    method: 'POST',
    events: '',
    headers: '',
    maxAttempts: '4',
    schedule: '60, 300, 1800',
    folder: '',
    enabled: true,
  });
  const [error, setError] = useState(null);
  const [local, setLocal] = useState({});
  const [secret, setSecret] = useState(null);
  const set = (patch) => setF((x) => ({ ...x, ...patch }));
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    const { headers, error: headerError } = parseHeaders(f.headers);
    const schedule = splitList(f.schedule).map(Number);
    const problems = {};
    if (headerError) problems.headers = headerError;
    if (schedule.some((n) => !Number.isInteger(n))) problems.schedule = 'Whole seconds, separated by commas.';
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const body = {
      name: f.name.trim(),
      url: f.url.trim(),
      method: f.method,
      events: splitList(f.events),
      headers,
      folder: f.folder.trim() || null,
      enabled: f.enabled,
      retry: { maxAttempts: Number(f.maxAttempts), scheduleSeconds: schedule },
    };
    try {
      const created = await api.post(path`/v1/bots/${botId}/subscriptions`, body);
      setSecret(created);
    } catch (err) {
      setError(err);
    }
  };
  if (secret) {
    return html`<div class="card" role="status">
      <h2>Subscription created</h2>
      <p>Its signing secret is shown once: store it where the receiver verifies signatures.</p>
      <p><code class="secret-value">${secret.secret}</code></p>
      <div class="actions">
        <a class="button" href=${`#/bots/${botId}/subscriptions/${secret.id}`}>Open ${secret.name}</a>
        <button type="button" class="secondary" onClick=${onDone}>Done</button>
      </div>
    </div>`;
  }
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const join = (prefix) =>
    Object.entries(errors)
      .filter(([p]) => p === prefix || p.startsWith(`${prefix}/`))
      .map(([, m]) => m)
      .join('; ') || null;
  const placed = /^\/(name|url|method|events|headers|folder|enabled|retry)(\/|$)/;
  const unplaced = error && (Object.keys(errors).length === 0 || !Object.keys(errors).every((p) => placed.test(p)));
  return html`<form class="card" onSubmit=${submit} novalidate>
    <h2>New subscription</h2>
    <div class="grid two">
      <${TextField} label="Name" value=${f.name} onInput=${(v) => set({ name: v })} error=${errors['/name']} />
      <${TextField} label="Folder" value=${f.folder} onInput=${(v) => set({ folder: v })} error=${errors['/folder']} hint="Optional" />
    </div>
    <div class="grid url-row">
      <${SelectField} label="Method" value=${f.method} onChange=${(v) => set({ method: v })} options=${METHODS.map((m) => ({ value: m, label: m }))} />
      <${TextField} label="URL" type="url" value=${f.url} onInput=${(v) => set({ url: v })} error=${join('/url')} placeholder="https://crm.example.com/hooks" />
    </div>
    <${TextField}
      label="Events"
      value=${f.events}
      onInput=${(v) => set({ events: v })}
      error=${join('/events')}
      hint="Comma-separated types or patterns: lead.*, message.sent, * (all)"
      list="event-types"
      autocomplete="off"
    />
    <datalist id="event-types">${catalogue.events.map((e) => html`<option value=${e.type}>${e.description}</option>`)}</datalist>
    <${TextField}
      label="Headers"
      multiline
      rows="2"
      value=${f.headers}
      onInput=${(v) => set({ headers: v })}
      error=${local.headers ?? join('/headers')}
      hint="One “Name: value” per line; placeholders such as {{ data.contact.id }} work."
      spellcheck="false"
    />
    <div class="grid two">
      <${TextField}
        label="Max attempts"
        type="number"
        min="1"
        max="21"
        value=${f.maxAttempts}
        onInput=${(v) => set({ maxAttempts: v })}
        error=${errors['/retry/maxAttempts']}
      />
      <${TextField}
        label="Retry schedule (seconds)"
        value=${f.schedule}
        onInput=${(v) => set({ schedule: v })}
        error=${local.schedule ?? join('/retry/scheduleSeconds') ?? errors['/retry']}
        hint="The delay before each retry"
      />
    </div>
    <${Switch} label="Enabled" checked=${f.enabled} onChange=${(v) => set({ enabled: v })} />
    ${unplaced ? html`<${Problem} error=${error} />` : null}
    <div class="actions">
      <button type="submit">Save</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function SubscriptionRow({ botId, sub, onChanged }) {
  const [error, setError] = useState(null);
  const toggle = async (enabled) => {
    setError(null);
    try {
      await api.patch(path`/v1/bots/${botId}/subscriptions/${sub.id}`, { enabled });
      onChanged();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<li class="row">
    <div class="row-main">
      <a href=${`#/bots/${botId}/subscriptions/${sub.id}`}><strong>${sub.name}</strong></a>
      <span class="muted mono small">${sub.method} ${sub.url}</span>
      <span class="muted small">${sub.events.join(', ')}${sub.disabledReason ? ` · disabled: ${sub.disabledReason}` : ''}</span>
    </div>
    <${Switch} label=${`${sub.name} enabled`} hideLabel checked=${sub.enabled} onChange=${toggle} error=${error} />
  </li>`;
}

export function SubscriptionsScreen({ botId }) {
  const subs = useLoad(() => api.get(path`/v1/bots/${botId}/subscriptions`), [botId]);
  const catalogue = useLoad(loadCatalogue, []);
  const [creating, setCreating] = useState(false);
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="subscriptions"
      title="Subscriptions"
      actions=${creating ? null : html`<button type="button" onClick=${() => setCreating(true)}>New subscription</button>`}
    />
    ${
      creating && catalogue.data
        ? html`<${NewSubscription}
          botId=${botId}
          catalogue=${catalogue.data}
          onCancel=${() => setCreating(false)}
          onDone=${() => {
            setCreating(false);
            subs.reload();
          }}
        />`
        : null
    }
    <${Problem} error=${subs.error ?? catalogue.error} />
    ${subs.loading && !subs.data ? html`<${Loading} />` : null}
    ${subs.data && subs.data.data.length === 0 ? html`<p class="empty">No subscriptions yet.</p>` : null}
    ${
      subs.data
        ? groupByFolder(subs.data.data).map(
            ([folder, items]) => html`<section class="folder" aria-label=${folder ? `Folder ${folder}` : 'No folder'}>
            <h2 class="folder-name">${folder || 'No folder'}</h2>
            <ul class="rows">
              ${items.map((s) => html`<${SubscriptionRow} key=${s.id} botId=${botId} sub=${s} onChanged=${subs.reload} />`)}
            </ul>
          </section>`,
          )
        : null
    }
  </section>`;
}
