// Bots: the list, "New bot", and a bot's page with its sections.

import { ApiError, api, path } from '../lib/api.js';
import { DeleteButton, html, Loading, Problem, TextField, Time, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';

const SECTIONS = [
  ['channels', 'Channels', 'Connect WhatsApp, Telegram, a sandbox… and the accounts replies go out on.'],
  ['webhooks', 'Webhooks', 'Inbound webhook blocks: URL, tokens, samples, mappings, the live activity.'],
  ['subscriptions', 'Subscriptions', 'Outbound event webhooks: signed deliveries, retries, test events.'],
  ['contacts', 'Contacts', 'Contacts and the variables the webhooks stored for them.'],
];

/**
 * A bot's header: its name, a way back, and the links to its sections (the current one marked).
 * `actions` may be a function of the bot, once loaded.
 */
export function BotHeader({ botId, current, title, actions }) {
  const bot = useLoad(() => api.get(path`/v1/bots/${botId}`), [botId]);
  return html`<div class="page-head">
    <nav class="crumbs" aria-label="Breadcrumb">
      <a href="#/">Bots</a>
      <span aria-hidden="true">/</span>
      ${current ? html`<a href=${`#/bots/${botId}`}>${bot.data?.name ?? botId}</a>` : html`<span>${bot.data?.name ?? botId}</span>`}
    </nav>
    <div class="title-row">
      <h1>${title ?? bot.data?.name ?? 'Bot'}</h1>
      ${typeof actions === 'function' ? (bot.data ? actions(bot.data) : null) : actions}
    </div>
    <${Problem} error=${bot.error} />
    ${
      current
        ? html`<nav class="sections" aria-label="Bot sections">
          ${SECTIONS.map(
            ([id, label]) => html`<a href=${`#/bots/${botId}/${id}`} aria-current=${current === id ? 'page' : undefined}>${label}</a>`,
          )}
        </nav>`
        : null
    }
  </div>`;
}

export function BotsScreen() {
  const bots = useLoad(() => api.get('/v1/bots?limit=100'), []);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState(null);
  const create = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      const bot = await api.post('/v1/bots', { name: name.trim() });
      location.hash = `#/bots/${bot.id}`;
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = error instanceof ApiError ? error.fieldErrors()['/name'] : null;
  return html`<section>
    <div class="title-row">
      <h1>Bots</h1>
      ${creating ? null : html`<button type="button" onClick=${() => setCreating(true)}>New bot</button>`}
    </div>
    ${
      creating
        ? html`<form class="card" onSubmit=${create} novalidate>
          <h2>New bot</h2>
          <${TextField} label="Bot name" value=${name} onInput=${setName} error=${fieldError} autofocus maxlength="200" />
          ${error && !fieldError ? html`<${Problem} error=${error} />` : null}
          <div class="actions">
            <button type="submit">Create bot</button>
            <button type="button" class="secondary" onClick=${() => setCreating(false)}>Cancel</button>
          </div>
        </form>`
        : null
    }
    ${bots.loading ? html`<${Loading} />` : null}
    <${Problem} error=${bots.error} />
    ${bots.data && bots.data.data.length === 0 ? html`<p class="empty">No bots yet. Create one to start.</p>` : null}
    ${
      bots.data?.data.length
        ? html`<ul class="list">
          ${bots.data.data.map(
            (b) => html`<li>
              <a href=${`#/bots/${b.id}`}><strong>${b.name}</strong></a>
              <span class="muted mono">${b.id}</span>
              <span class="muted">created <${Time} at=${b.createdAt} /></span>
            </li>`,
          )}
        </ul>`
        : null
    }
  </section>`;
}

export function BotPage({ botId }) {
  return html`<section>
    <${BotHeader}
      botId=${botId}
      actions=${(bot) => html`<${DeleteButton}
        what="bot"
        name=${bot.name}
        path=${path`/v1/bots/${botId}`}
        detail="Its channels, webhooks, subscriptions, contacts and logs go with it: its webhook URLs answer 404 at once, and none of its queued replies or deliveries is sent."
        onDeleted=${() => {
          location.hash = '#/';
        }}
      />`}
    />
    <ul class="cards" aria-label="Bot sections">
      ${SECTIONS.map(
        ([id, label, text]) => html`<li class="card">
          <h2><a href=${`#/bots/${botId}/${id}`}>${label}</a></h2>
          <p class="muted">${text}</p>
        </li>`,
      )}
    </ul>
  </section>`;
}
