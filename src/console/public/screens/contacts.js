// Contacts: who the bot's webhooks stored variables for, per environment, each with "Erase…".

import { api, path } from '../lib/api.js';
import { CHANNEL_LABELS } from '../lib/catalogue.js';
import { DeleteButton, html, Loading, Problem, SelectField, Time, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';

export function ContactsScreen({ botId }) {
  const [environment, setEnvironment] = useState('production');
  const contacts = useLoad(() => api.get(`${path`/v1/bots/${botId}/contacts`}?limit=100&environment=${environment}`), [botId, environment]);
  const list = contacts.data?.data ?? [];
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="contacts"
      title="Contacts"
      actions=${html`<${SelectField}
        label="Environment"
        value=${environment}
        onChange=${setEnvironment}
        options=${[{ value: 'production', label: 'Production' }, { value: 'development', label: 'Development' }]}
      />`}
    />
    <${Problem} error=${contacts.error} />
    ${contacts.loading && !contacts.data ? html`<${Loading} />` : null}
    ${contacts.data && list.length === 0 ? html`<p class="empty">No ${environment} contacts have variables yet.</p>` : null}
    ${
      list.length
        ? html`<div class="table-wrap">
          <table class="stack">
            <caption class="visually-hidden">Contacts in ${environment}</caption>
            <thead><tr><th scope="col">Contact</th><th scope="col">Channel</th><th scope="col">Variables</th><th scope="col">Updated</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              ${list.map(
                (c) => html`<tr key=${`${c.channel}:${c.contact}`}>
                  <th scope="row" class="mono">${c.contact}</th>
                  <td data-label="Channel">${CHANNEL_LABELS[c.channel] ?? c.channel}</td>
                  <td data-label="Variables">
                    <ul class="vars">
                      ${Object.entries(c.variables).map(([k, v]) => html`<li><code>${k}</code> = ${typeof v === 'string' ? v : JSON.stringify(v)}</li>`)}
                    </ul>
                  </td>
                  <td data-label="Updated"><${Time} at=${c.updatedAt} /></td>
                  <td data-label="">
                    <${DeleteButton}
                      what="contact"
                      label="Erase"
                      small
                      name=${c.contact}
                      path=${path`/v1/bots/${botId}/contacts/${c.channel}/${c.contact}`}
                      detail="Its variables in production and in development are erased; a later call stores new ones."
                      onDeleted=${contacts.reload}
                    />
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`
        : null
    }
  </section>`;
}
