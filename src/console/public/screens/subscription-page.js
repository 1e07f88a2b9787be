// A subscription's page: its settings, "Send test event", and its deliveries, live, each with every
// attempt and a "Retry" button.

import { api, path } from '../lib/api.js';
import { loadCatalogue } from '../lib/catalogue.js';
import { useLiveList } from '../lib/live.js';
import { Badge, DeleteButton, html, Json, Loading, Problem, SelectField, Switch, Time, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';

const TONES = { succeeded: 'ok', failed: 'bad', pending: 'warn', paused: 'neutral', discarded: 'neutral' };
const newestFirst = (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

function Attempt({ attempt }) {
  return html`<li class="attempt">
    <div>
      <strong>#${attempt.number}</strong> <span class="muted">${attempt.trigger}</span> <${Time} at=${attempt.at} />
      ${attempt.succeeded ? html`<${Badge} tone="ok">ok</${Badge}>` : html`<${Badge} tone="bad">failed</${Badge}>`}
      ${attempt.response ? html` HTTP ${attempt.response.status}` : null} · ${attempt.durationMs} ms
      ${attempt.nextAttemptAt ? html` · next <${Time} at=${attempt.nextAttemptAt} />` : null}
    </div>
    ${attempt.error && attempt.error !== `HTTP ${attempt.response?.status}` ? html`<p class="field-error">${attempt.error}</p>` : null}
    <details>
      <summary>Request and response</summary>
      <p class="mono small">${attempt.request.method} ${attempt.request.url}</p>
      <${Json} value=${attempt.request.headers} label="Request headers" />
      ${attempt.request.body ? html`<pre class="code">${attempt.request.body}</pre>` : null}
      ${
        attempt.response
          ? html`<p class="small">Response ${attempt.response.status}${attempt.response.truncated ? ' (truncated)' : ''}</p>
            <pre class="code">${attempt.response.body}</pre>`
          : null
      }
    </details>
  </li>`;
}

function DeliveryRow({ botId, subscriptionId, delivery, onUpdated }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      onUpdated(await api.post(path`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries/${delivery.id}/retry`, {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const last = delivery.attempts.at(-1);
  return html`<tbody class="entry" data-delivery-id=${delivery.id}>
    <tr>
      <th scope="row">
        <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)}>
          <span class="chevron" aria-hidden="true">${open ? '▾' : '▸'}</span> <${Time} at=${delivery.createdAt} />
        </button>
      </th>
      <td data-label="Event"><code>${delivery.event.type}</code>${delivery.event.environment === 'development' ? html` <span class="small muted">dev</span>` : null}</td>
      <td data-label="Status"><${Badge} tone=${TONES[delivery.status] ?? 'neutral'}>${delivery.status}</${Badge}></td>
      <td data-label="Attempts">${delivery.attempts.length}${last?.response ? html` <span class="small muted">last HTTP ${last.response.status}</span>` : null}</td>
      <td data-label="Next attempt"><${Time} at=${delivery.nextAttemptAt} /></td>
      <td data-label="">
        <button type="button" class="secondary small" onClick=${retry} disabled=${busy}>Retry</button>
        ${error ? html`<p class="field-error" role="alert">${error.message}</p>` : null}
      </td>
    </tr>
    ${
      open
        ? html`<tr class="detail-row"><td colspan="6">
          <p class="mono small">${delivery.id} · event ${delivery.event.id}</p>
          ${delivery.attempts.length ? html`<ol class="attempts">${delivery.attempts.map((a) => html`<${Attempt} attempt=${a} />`)}</ol>` : html`<p class="muted">No attempt yet.</p>`}
          <details><summary>Event data</summary><${Json} value=${delivery.event.data} label="Event data" /></details>
        </td></tr>`
        : null
    }
  </tbody>`;
}

function TestEvent({ botId, subscriptionId, events, onSent }) {
  const [type, setType] = useState(events[0]?.type ?? 'lead.created');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const send = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const delivery = await api.post(path`/v1/bots/${botId}/subscriptions/${subscriptionId}/test`, { type });
      setResult(delivery);
      onSent(delivery);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const attempt = result?.attempts.at(-1);
  return html`<form class="card" onSubmit=${send}>
    <h2>Test event</h2>
    <div class="actions">
      <${SelectField} label="Event type" value=${type} onChange=${setType} options=${events.map((e) => ({ value: e.type, label: e.type }))} />
      <button type="submit" disabled=${busy}>Send test event</button>
    </div>
    ${
      attempt
        ? html`<p role="status">
          ${attempt.succeeded ? html`<${Badge} tone="ok">delivered</${Badge}>` : html`<${Badge} tone="bad">failed</${Badge}>`}
          ${attempt.response ? ` HTTP ${attempt.response.status}` : ''} in ${attempt.durationMs} ms${attempt.error && !attempt.response ? ` — ${attempt.error}` : ''}
        </p>`
        : null
    }
    <${Problem} error=${error} />
  </form>`;
}

export function SubscriptionPage({ botId, subscriptionId }) {
  const sub = useLoad(() => api.get(path`/v1/bots/${botId}/subscriptions/${subscriptionId}`), [botId, subscriptionId]);
  const catalogue = useLoad(loadCatalogue, []);
  const [toggleError, setToggleError] = useState(null);
  const base = path`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries`;
  const deliveries = useLiveList({
    listPath: `${base}?limit=50`,
    streamPath: `${base}/stream`,
    event: 'delivery',
    key: 'id',
    order: newestFirst,
  });
  const s = sub.data;
  const toggle = async (enabled) => {
    setToggleError(null);
    try {
      await api.patch(path`/v1/bots/${botId}/subscriptions/${subscriptionId}`, { enabled });
      sub.reload();
    } catch (err) {
      setToggleError(err.message);
    }
  };
  const liveLabel = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', polling: 'Refreshing every 2 s' }[
    deliveries.live
  ];
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="subscriptions"
      title=${s?.name ?? 'Subscription'}
      actions=${
        s
          ? html`<div class="head-actions">
            <${Switch} label="Enabled" checked=${s.enabled} onChange=${toggle} error=${toggleError} />
            <${DeleteButton}
              what="subscription"
              name=${s.name}
              path=${path`/v1/bots/${botId}/subscriptions/${subscriptionId}`}
              detail=${`Nothing more is sent to ${s.url}: its deliveries, pending ones too, go with it.`}
              onDeleted=${() => {
                location.hash = `#/bots/${botId}/subscriptions`;
              }}
            />
          </div>`
          : null
      }
    />
    <${Problem} error=${sub.error} />
    ${sub.loading && !s ? html`<${Loading} />` : null}
    ${
      s
        ? html`<div class="columns">
          <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">Settings</h2>
            <dl class="facts">
              <dt>URL</dt><dd class="mono">${s.method} ${s.url}</dd>
              <dt>Events</dt><dd>${s.events.map((e) => html`<code>${e}</code> `)}</dd>
              <dt>Headers</dt><dd>${Object.keys(s.headers ?? {}).length ? Object.keys(s.headers).join(', ') : html`<span class="muted">none</span>`}</dd>
              <dt>Retries</dt><dd>${s.retry ? `${s.retry.maxAttempts} attempts; ${s.retry.scheduleSeconds.join(', ')} s apart` : 'default'}</dd>
              <dt>Folder</dt><dd>${s.folder ?? html`<span class="muted">none</span>`}</dd>
              ${s.disabledReason ? html`<dt>Disabled</dt><dd>${s.disabledReason}</dd>` : null}
            </dl>
          </section>
          <div class="column">
            ${
              catalogue.data
                ? html`<${TestEvent} botId=${botId} subscriptionId=${subscriptionId} events=${catalogue.data.events} onSent=${deliveries.upsert} />`
                : null
            }
          </div>
        </div>`
        : null
    }
    <section class="card" aria-labelledby="deliveries-title">
      <div class="title-row">
        <h2 id="deliveries-title">Deliveries</h2>
        <span class="live-state" data-state=${deliveries.live}>${liveLabel}</span>
      </div>
      <${Problem} error=${deliveries.error} />
      ${deliveries.loading && deliveries.items.length === 0 ? html`<${Loading} />` : null}
      ${!deliveries.loading && deliveries.items.length === 0 ? html`<p class="empty">No deliveries yet. Send a test event.</p>` : null}
      ${
        deliveries.items.length
          ? html`<div class="table-wrap">
            <table class="stack">
              <caption class="visually-hidden">Deliveries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Created</th><th scope="col">Event</th><th scope="col">Status</th>
                  <th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              ${deliveries.items.map(
                (d) =>
                  html`<${DeliveryRow} key=${d.id} botId=${botId} subscriptionId=${subscriptionId} delivery=${d} onUpdated=${deliveries.upsert} />`,
              )}
            </table>
          </div>`
          : null
      }
    </section>
  </section>`;
}
