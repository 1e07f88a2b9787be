// The webhook block form (new and edit): name, type, channel and account, the mappings
// "Data" → "Set variable", the contact reference, the reply, the folder and the on/off switch.
// The API checks everything; its field errors are shown beside their fields.

import { ApiError, api, path } from '../lib/api.js';
import { CHANNEL_LABELS } from '../lib/catalogue.js';
import { Field, html, Loading, Problem, SelectField, Switch, TextField, useLoad } from '../lib/ui.js';
import { useEffect, useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';
import { ConnectFirst } from './webhooks.js';

const DEFAULT_CONTACT_REFERENCE = '$.contact_reference_id';

function initialState(webhook) {
  const reply = webhook?.reply;
  return {
    name: webhook?.name ?? '',
    type: webhook?.type ?? 'conversational',
    channel: webhook?.channel ?? '',
    account: webhook?.account ?? '',
    contactReference: webhook?.contactReference ?? DEFAULT_CONTACT_REFERENCE,
    variables: webhook?.variables.map((v) => ({ ...v })) ?? [],
    replyText: reply && !Array.isArray(reply) ? (reply.text ?? '') : '',
    folder: webhook?.folder ?? '',
    enabled: webhook?.enabled ?? true,
  };
}

function MappingRow({ index, row, errors, onChange, onRemove }) {
  const at = (field) => errors[`/variables/${index}/${field}`];
  const rowError = errors[`/variables/${index}`];
  return html`<li class="mapping">
    <fieldset>
      <legend class="visually-hidden">Mapping ${index + 1}</legend>
      <${TextField}
        label="Data"
        value=${row.data}
        onInput=${(v) => onChange({ ...row, data: v })}
        error=${at('data')}
        placeholder="data.name"
        spellcheck="false"
        autocomplete="off"
      />
      <span class="arrow" aria-hidden="true">→</span>
      <${TextField}
        label="Set variable"
        value=${row.variable}
        onInput=${(v) => onChange({ ...row, variable: v })}
        error=${at('variable')}
        placeholder="customer_name"
        spellcheck="false"
        autocomplete="off"
      />
      <label class="check">
        <input type="checkbox" checked=${Boolean(row.required)} onChange=${(e) => onChange({ ...row, required: e.currentTarget.checked })} />
        Required
      </label>
      <button type="button" class="secondary small" onClick=${onRemove} aria-label=${`Remove mapping ${index + 1}`}>Remove</button>
    </fieldset>
    ${rowError ? html`<p class="field-error">${rowError}</p>` : null}
  </li>`;
}

export function WebhookFormScreen({ botId, webhookId }) {
  const loaded = useLoad(
    () =>
      Promise.all([
        api.get(path`/v1/bots/${botId}/channels`),
        webhookId ? api.get(path`/v1/bots/${botId}/webhooks/${webhookId}`) : Promise.resolve(null),
      ]),
    [botId, webhookId],
  );
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [accounts, webhook] = loaded.data ?? [null, null];
  const active = accounts?.data.filter((a) => a.active) ?? [];

  useEffect(() => {
    if (!loaded.data || form) return;
    const initial = initialState(webhook);
    if (!initial.channel && active[0]) {
      initial.channel = active[0].channel;
      initial.account = active[0].alias;
    }
    setForm(initial);
  }, [loaded.data]);

  const title = webhookId ? `Edit ${webhook?.name ?? 'webhook'}` : 'New webhook';
  const head = html`<${BotHeader} botId=${botId} current="webhooks" title=${title} />`;
  if (loaded.error) return html`<section>${head}<${Problem} error=${loaded.error} /></section>`;
  if (!form) return html`<section>${head}<${Loading} /></section>`;
  if (active.length === 0 && !webhookId) return html`<section>${head}<${ConnectFirst} botId=${botId} /></section>`;

  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const channels = [...new Set(active.map((a) => a.channel))];
  if (form.channel && !channels.includes(form.channel)) channels.push(form.channel);
  const channelAccounts = active.filter((a) => a.channel === form.channel).map((a) => a.alias);
  if (form.account && !channelAccounts.includes(form.account)) channelAccounts.push(form.account);
  const complexReply = Array.isArray(webhook?.reply);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: form.name.trim(),
      type: form.type,
      channel: form.channel,
      account: form.account,
      contactReference: form.contactReference.trim() || DEFAULT_CONTACT_REFERENCE,
      variables: form.variables
        .filter((v) => v.data.trim() || v.variable.trim())
        .map(({ required, ...v }) => ({ ...v, data: v.data.trim(), variable: v.variable.trim(), ...(required ? { required: true } : {}) })),
      folder: form.folder.trim() || null,
      enabled: form.enabled,
    };
    if (form.type === 'conversational' && !complexReply) {
      const previous = webhook?.reply && !Array.isArray(webhook.reply) ? webhook.reply : {};
      body.reply = { ...previous, text: form.replyText };
    } else if (form.type === 'workflow' && webhook?.reply) {
      body.reply = null;
    }
    try {
      const saved = webhookId
        ? await api.patch(path`/v1/bots/${botId}/webhooks/${webhookId}`, body)
        : await api.post(path`/v1/bots/${botId}/webhooks`, body);
      location.hash = `#/bots/${botId}/webhooks/${saved.id}`;
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const placed = (p) =>
    /^\/(name|type|channel|account|contactReference|folder|enabled)$/.test(p) || p.startsWith('/variables/') || p.startsWith('/reply');
  const unplaced = error && (!(error instanceof ApiError) || Object.keys(errors).length === 0 || !Object.keys(errors).every(placed));
  const replyError = Object.entries(errors)
    .filter(([p]) => p.startsWith('/reply'))
    .map(([, m]) => m)
    .join('; ');

  return html`<section>
    ${head}
    <form class="card form" onSubmit=${submit} novalidate>
      ${unplaced ? html`<${Problem} error=${error} />` : error ? html`<p class="alert error" role="alert">Check the fields marked below.</p>` : null}
      <div class="grid two">
        <${TextField} label="Name" value=${form.name} onInput=${(v) => set({ name: v })} error=${errors['/name']} maxlength="200" />
        <${SelectField}
          label="Type"
          value=${form.type}
          onChange=${(v) => set({ type: v })}
          error=${errors['/type']}
          options=${[{ value: 'conversational', label: 'Conversational' }, { value: 'workflow', label: 'Workflow' }]}
          hint=${form.type === 'conversational' ? 'Replies to the contact on the channel.' : 'Stores the variables and starts an automation.'}
        />
        <${SelectField}
          label="Channel"
          value=${form.channel}
          onChange=${(v) => set({ channel: v, account: active.find((a) => a.channel === v)?.alias ?? '' })}
          error=${errors['/channel']}
          options=${channels.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c }))}
        />
        <${SelectField}
          label="Account"
          value=${form.account}
          onChange=${(v) => set({ account: v })}
          error=${errors['/account']}
          options=${channelAccounts.map((a) => ({ value: a, label: a }))}
        />
      </div>
      <fieldset class="mappings">
        <legend>Mappings</legend>
        <p class="hint">Each row copies a value of the call’s body (a dot path such as <code>data.name</code>, or a JSONPath) into a bot variable.</p>
        ${errors['/variables'] ? html`<p class="field-error">${errors['/variables']}</p>` : null}
        <ol class="mapping-list">
          ${form.variables.map(
            (row, i) => html`<${MappingRow}
              key=${i}
              index=${i}
              row=${row}
              errors=${errors}
              onChange=${(next) => set({ variables: form.variables.map((r, j) => (j === i ? next : r)) })}
              onRemove=${() => set({ variables: form.variables.filter((_, j) => j !== i) })}
            />`,
          )}
        </ol>
        <button type="button" class="secondary" onClick=${() => set({ variables: [...form.variables, { data: '', variable: '' }] })}>
          Add mapping
        </button>
      </fieldset>
      <${TextField}
        label="Contact reference"
        value=${form.contactReference}
        onInput=${(v) => set({ contactReference: v })}
        error=${errors['/contactReference']}
        hint="Where the contact comes from in the body (phone with country code for WhatsApp and SMS)."
        spellcheck="false"
      />
      ${
        form.type === 'conversational'
          ? complexReply
            ? html`<${Field} label="Reply">
              ${(a) => html`<p ...${a} class="hint">This block replies with several messages; change them through the API.</p>`}
            <//>`
            : html`<${TextField}
              label="Reply"
              multiline
              rows="3"
              value=${form.replyText}
              onInput=${(v) => set({ replyText: v })}
              error=${replyError || null}
              hint="Placeholders such as {{customer_name}} are filled from the variables."
            />`
          : null
      }
      <div class="grid two">
        <${TextField} label="Folder" value=${form.folder} onInput=${(v) => set({ folder: v })} error=${errors['/folder']} hint="Optional: groups webhooks in the list." />
        <div class="field">
          <${Switch} label="Enabled" checked=${form.enabled} onChange=${(v) => set({ enabled: v })} error=${errors['/enabled']} />
        </div>
      </div>
      <div class="actions">
        <button type="submit" disabled=${busy}>Save</button>
        <a class="button secondary" href=${webhookId ? `#/bots/${botId}/webhooks/${webhookId}` : `#/bots/${botId}/webhooks`}>Cancel</a>
      </div>
    </form>
  </section>`;
}
