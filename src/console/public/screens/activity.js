// A webhook's activity, live: every call (accepted or rejected, and why), newest first, updated
// from the activity stream as calls arrive and as their replies move on. A row opens the whole entry.

import { path } from '../lib/api.js';
import { useLiveList } from '../lib/live.js';
import { Badge, html, Json, Loading, Problem, SelectField, Time } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';

const FILTERS = ['', 'accepted', 'rejected', 'queued', 'sending', 'retrying', 'sent', 'failed'];
const REPLY_TONES = { sent: 'ok', failed: 'bad', retrying: 'warn', queued: 'neutral', sending: 'neutral' };

function outcomeOf(entry) {
  return entry.outcome ?? 'accepted';
}

function matches(filter) {
  if (!filter) return undefined;
  return (entry) => (filter === 'accepted' || filter === 'rejected' ? outcomeOf(entry) === filter : entry.reply?.status === filter);
}

const newestFirst = (a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') || b.requestId.localeCompare(a.requestId);

function Status({ entry }) {
  if (outcomeOf(entry) === 'rejected') {
    return html`<${Badge} tone="bad">rejected ${entry.httpStatus ?? entry.problem?.status ?? ''}</${Badge}>
      ${entry.problem?.title ? html`<div class="small">${entry.problem.title}</div>` : null}`;
  }
  return html`<${Badge} tone="ok">accepted</${Badge}>`;
}

function Reply({ reply }) {
  if (!reply) return html`<span class="muted">—</span>`;
  return html`<${Badge} tone=${REPLY_TONES[reply.status] ?? 'neutral'}>${reply.status}</${Badge}>
    ${reply.simulated ? html` <span class="small muted">simulated</span>` : null}
    ${reply.attempts > 1 ? html` <span class="small muted">${reply.attempts} attempts</span>` : null}`;
}

function Variables({ variables }) {
  const entries = Object.entries(variables ?? {});
  if (!entries.length) return html`<span class="muted">—</span>`;
  return html`<ul class="vars">
    ${entries.map(([k, v]) => html`<li><code>${k}</code> = ${typeof v === 'string' ? v : JSON.stringify(v)}</li>`)}
  </ul>`;
}

function Detail({ entry }) {
  const problem = entry.problem;
  return html`<div class="detail">
    ${
      problem
        ? html`<div class="alert error">
          <strong>${problem.status} ${problem.title}</strong>
          ${problem.detail ? html`<p>${problem.detail}</p>` : null}
          ${problem.errors?.length ? html`<ul class="errors">${problem.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul>` : null}
          ${problem.type ? html`<p class="small muted">${problem.type}</p>` : null}
        </div>`
        : null
    }
    ${entry.reply?.error ? html`<p class="alert error">Reply error <code>${entry.reply.error.code}</code>: ${entry.reply.error.message}</p>` : null}
    <dl class="facts">
      <dt>Request id</dt><dd class="mono">${entry.requestId}</dd>
      ${entry.httpStatus ? html`<dt>Answered</dt><dd>HTTP ${entry.httpStatus}</dd>` : null}
      ${entry.sourceIp ? html`<dt>Source IP</dt><dd class="mono">${entry.sourceIp}</dd>` : null}
      ${entry.userAgent ? html`<dt>User agent</dt><dd class="mono">${entry.userAgent}</dd>` : null}
      ${entry.idempotencyKey ? html`<dt>Idempotency key</dt><dd class="mono">${entry.idempotencyKey}</dd>` : null}
      ${entry.bodyBytes !== undefined ? html`<dt>Body size</dt><dd>${entry.bodyBytes} bytes</dd>` : null}
      ${entry.suppressed ? html`<dt>Left out</dt><dd>${entry.suppressed} similar failures just before this one (summaries are capped per minute)</dd>` : null}
    </dl>
    ${
      entry.body !== undefined && entry.body !== null
        ? html`<h4>Body</h4><${Json} value=${entry.body} label="Body" />`
        : html`<p class="muted">${outcomeOf(entry) === 'rejected' ? 'No body kept for this call.' : 'The body was too large to keep.'}</p>`
    }
    <details>
      <summary>The whole entry (JSON)</summary>
      <${Json} value=${entry} label="Entry" />
    </details>
  </div>`;
}

function Row({ entry }) {
  const [open, setOpen] = useState(false);
  const rejected = outcomeOf(entry) === 'rejected';
  return html`<tbody class=${`entry ${rejected ? 'rejected' : ''}`} data-request-id=${entry.requestId}>
    <tr>
      <th scope="row">
        <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)}>
          <span class="chevron" aria-hidden="true">${open ? '▾' : '▸'}</span> <${Time} at=${entry.receivedAt} />
        </button>
      </th>
      <td data-label="Environment">${entry.environment ?? '—'}</td>
      <td data-label="Status"><${Status} entry=${entry} /></td>
      <td data-label="Contact" class="mono">${entry.contact ?? html`<span class="muted">—</span>`}</td>
      <td data-label="Variables"><${Variables} variables=${entry.variables} /></td>
      <td data-label="Reply"><${Reply} reply=${entry.reply} /></td>
    </tr>
    ${open ? html`<tr class="detail-row"><td colspan="6"><${Detail} entry=${entry} /></td></tr>` : null}
  </tbody>`;
}

export function ActivityTable({ botId, webhookId }) {
  const [filter, setFilter] = useState('');
  const base = path`/v1/bots/${botId}/webhooks/${webhookId}/activity`;
  const live = useLiveList({
    listPath: `${base}?limit=50${filter ? `&status=${encodeURIComponent(filter)}` : ''}`,
    streamPath: `${base}/stream`,
    event: 'activity',
    key: 'requestId',
    order: newestFirst,
    accept: matches(filter),
  });
  const liveLabel = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', polling: 'Refreshing every 2 s' }[live.live];
  return html`<section class="card activity" aria-labelledby="activity-title">
    <div class="title-row">
      <h2 id="activity-title">Activity</h2>
      <span class="live-state" data-state=${live.live}>${liveLabel}</span>
      <${SelectField}
        label="Status"
        className="inline-field"
        value=${filter}
        onChange=${setFilter}
        options=${FILTERS.map((f) => ({ value: f, label: f || 'All calls' }))}
      />
    </div>
    <${Problem} error=${live.error} />
    ${live.loading && live.items.length === 0 ? html`<${Loading} />` : null}
    ${
      !live.loading && live.items.length === 0
        ? html`<p class="empty">No calls yet. Run a sample above: it shows up here as soon as it arrives.</p>`
        : null
    }
    ${
      live.items.length
        ? html`<div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">Calls, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">Environment</th><th scope="col">Status</th>
                <th scope="col">Contact</th><th scope="col">Variables</th><th scope="col">Reply</th>
              </tr>
            </thead>
            ${live.items.map((e) => html`<${Row} key=${e.requestId} entry=${e} />`)}
          </table>
        </div>`
        : null
    }
  </section>`;
}
