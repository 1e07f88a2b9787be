// A webhook's page: its URL and tokens, ready-to-run samples, a preview, token rotation, and the
// live activity of its calls.

import { ApiError, api, path } from '../lib/api.js';
import { CHANNEL_LABELS } from '../lib/catalogue.js';
import { Badge, CopyButton, DeleteButton, html, Json, Loading, Problem, SelectField, Switch, Tabs, TextField, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { ActivityTable } from './activity.js';
import { BotHeader } from './bots.js';

const ENVIRONMENTS = [
  { id: 'production', label: 'Production' },
  { id: 'development', label: 'Development' },
];
const LANGUAGES = [
  { id: 'curl', label: 'cURL' },
  { id: 'httpie', label: 'HTTPie' },
  { id: 'fetch', label: 'fetch' },
  { id: 'python', label: 'Python' },
];

function Secret({ label, value }) {
  const id = `secret-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return html`<div class="secret">
    <span class="secret-label" id=${`${id}-label`}>${label}</span>
    <code class="secret-value" id=${id} aria-labelledby=${`${id}-label`}>${value}</code>
    <${CopyButton} text=${value} describedBy=${`${id}-label`} />
  </div>`;
}

function Samples({ samples }) {
  const [env, setEnv] = useState('production');
  const [lang, setLang] = useState('curl');
  const sample = samples[env];
  const languages = LANGUAGES.filter((l) => typeof sample[l.id] === 'string');
  const chosen = languages.some((l) => l.id === lang) ? lang : languages[0].id;
  return html`<section class="card" aria-labelledby="samples-title">
    <h2 id="samples-title">Samples</h2>
    <p class="hint">Paste one into a terminal or a no-code tool: each runs as is, with the real URL and token.</p>
    <${Tabs} label="Environment" tabs=${ENVIRONMENTS} selected=${env} onSelect=${setEnv}>
      ${sample.note ? html`<p class="alert info">${sample.note}</p>` : null}
      <${Tabs} label="Language" tabs=${languages} selected=${chosen} onSelect=${setLang}>
        <div class="code-block">
          <pre class="code" id="sample-code"><code>${sample[chosen]}</code></pre>
          <${CopyButton} text=${sample[chosen]} describedBy="sample-code" />
        </div>
      <//>
    <//>
  </section>`;
}

function Preview({ botId, webhookId, sampleBody }) {
  const [body, setBody] = useState(() => JSON.stringify(sampleBody, null, 2));
  const [environment, setEnvironment] = useState('production');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [parseError, setParseError] = useState(null);
  const run = async (event) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      setParseError(`Not JSON: ${err.message}`);
      return;
    }
    setParseError(null);
    try {
      setResult(await api.post(path`/v1/bots/${botId}/webhooks/${webhookId}/preview`, { body: parsed, environment }));
    } catch (err) {
      setError(err);
    }
  };
  const bodyError = parseError ?? (error instanceof ApiError ? error.fieldErrors()['/body'] : null);
  return html`<section class="card" aria-labelledby="preview-title">
    <h2 id="preview-title">Preview</h2>
    <form onSubmit=${run} novalidate>
      <${TextField} label="Body" multiline rows="6" value=${body} onInput=${setBody} error=${bodyError} spellcheck="false" className="mono" />
      <div class="actions">
        <${SelectField}
          label="Environment"
          value=${environment}
          onChange=${setEnvironment}
          options=${ENVIRONMENTS.map((e) => ({ value: e.id, label: e.label }))}
        />
        <button type="submit">Preview</button>
      </div>
    </form>
    ${error && !bodyError ? html`<${Problem} error=${error} />` : null}
    ${
      result
        ? html`<div class="preview-result" role="status">
          <p>${result.valid ? html`<${Badge} tone="ok">would be accepted</${Badge}>` : html`<${Badge} tone="bad">would be rejected</${Badge}>`}</p>
          <dl class="facts">
            <dt>Contact</dt><dd>${result.contact ?? html`<span class="muted">none</span>`}</dd>
            <dt>Variables</dt><dd><${Json} value=${result.variables} label="Variables" /></dd>
            ${result.reply ? html`<dt>Reply</dt><dd><pre class="reply">${result.reply.text}</pre></dd>` : null}
          </dl>
          ${
            result.errors.length
              ? html`<ul class="errors">${result.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul>`
              : null
          }
          ${result.warnings.length ? html`<ul class="warnings">${result.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : null}
        </div>`
        : null
    }
  </section>`;
}

function RotateToken({ botId, webhookId, onRotated }) {
  const [environment, setEnvironment] = useState('production');
  const [grace, setGrace] = useState('0');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const rotate = async () => {
    setError(null);
    try {
      const rotated = await api.post(path`/v1/bots/${botId}/webhooks/${webhookId}/rotate-token`, {
        environment,
        gracePeriodSeconds: Number(grace) || 0,
      });
      setDone(
        rotated.previousTokenExpiresAt
          ? `New ${environment} token issued; the old one works until ${new Date(rotated.previousTokenExpiresAt).toLocaleString()}.`
          : `New ${environment} token issued; the old one no longer works.`,
      );
      setConfirming(false);
      onRotated();
    } catch (err) {
      setError(err);
    }
  };
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  return html`<section class="card" aria-labelledby="rotate-title">
    <h2 id="rotate-title">Rotate token</h2>
    <div class="grid two">
      <${SelectField} label="Token" value=${environment} onChange=${setEnvironment} options=${ENVIRONMENTS.map((e) => ({ value: e.id, label: e.label }))} />
      <${TextField}
        label="Grace period (seconds)"
        type="number"
        min="0"
        max="604800"
        value=${grace}
        onInput=${setGrace}
        error=${errors['/gracePeriodSeconds']}
        hint="How long the old token keeps working; 0 revokes it at once."
      />
    </div>
    ${
      confirming
        ? html`<div class="alert warn" role="alert">
          <p>Callers using the current ${environment} token must switch to the new one.</p>
          <div class="actions">
            <button type="button" class="danger" onClick=${rotate}>Rotate ${environment} token now</button>
            <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Cancel</button>
          </div>
        </div>`
        : html`<button type="button" class="secondary" onClick=${() => setConfirming(true)}>Rotate token</button>`
    }
    ${done ? html`<p role="status">${done}</p>` : null}
    ${error && !errors['/gracePeriodSeconds'] ? html`<${Problem} error=${error} />` : null}
  </section>`;
}

export function WebhookPage({ botId, webhookId }) {
  const webhook = useLoad(() => api.get(path`/v1/bots/${botId}/webhooks/${webhookId}`), [botId, webhookId]);
  const samples = useLoad(() => api.get(path`/v1/bots/${botId}/webhooks/${webhookId}/samples`), [botId, webhookId]);
  const [toggleError, setToggleError] = useState(null);
  const w = webhook.data;
  const toggle = async (enabled) => {
    setToggleError(null);
    try {
      await api.patch(path`/v1/bots/${botId}/webhooks/${webhookId}`, { enabled });
      webhook.reload();
    } catch (err) {
      setToggleError(err.message);
    }
  };
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="webhooks"
      title=${w?.name ?? 'Webhook'}
      actions=${
        w
          ? html`<div class="head-actions">
            <${Switch} label="Enabled" checked=${w.enabled} onChange=${toggle} error=${toggleError} />
            <a class="button secondary" href=${`#/bots/${botId}/webhooks/${webhookId}/edit`}>Edit</a>
            <${DeleteButton}
              what="webhook"
              name=${w.name}
              path=${path`/v1/bots/${botId}/webhooks/${webhookId}`}
              detail="Its URL answers 404 from then on, to both tokens, and its activity goes with it."
              onDeleted=${() => {
                location.hash = `#/bots/${botId}/webhooks`;
              }}
            />
          </div>`
          : null
      }
    />
    <${Problem} error=${webhook.error} />
    ${webhook.loading && !w ? html`<${Loading} />` : null}
    ${
      w
        ? html`<p class="summary">
          <${Badge}>${w.type}</${Badge}> ${CHANNEL_LABELS[w.channel] ?? w.channel} · ${w.account}
          ${w.folder ? html` · folder <strong>${w.folder}</strong>` : null}
          ${w.variables.length ? html` · ${w.variables.map((v) => `${v.data} → ${v.variable}`).join(', ')}` : null}
        </p>`
        : null
    }
    <div class="columns">
      <div class="column">
        <section class="card" aria-labelledby="endpoint-title">
          <h2 id="endpoint-title">Endpoint</h2>
          <${Problem} error=${samples.error} />
          ${
            samples.data
              ? html`<${Secret} label="URL" value=${samples.data.url} />
                ${samples.data.production.token ? html`<${Secret} label="Production token" value=${samples.data.production.token} />` : null}
                ${samples.data.development.token ? html`<${Secret} label="Development token" value=${samples.data.development.token} />` : null}
                <p class="hint">Verification: <code>${samples.data.scheme}</code>. Development calls keep their variables apart and reply only to test recipients.</p>`
              : html`<${Loading} />`
          }
        </section>
        ${samples.data ? html`<${Samples} samples=${samples.data} />` : null}
      </div>
      <div class="column">
        ${samples.data ? html`<${Preview} botId=${botId} webhookId=${webhookId} sampleBody=${samples.data.production.body} />` : null}
        <${RotateToken} botId=${botId} webhookId=${webhookId} onRotated=${samples.reload} />
      </div>
    </div>
    <${ActivityTable} botId=${botId} webhookId=${webhookId} />
  </section>`;
}
