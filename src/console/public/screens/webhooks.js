// Webhooks: the bot's inbound blocks grouped by folder, each with its on/off switch.

import { api, path } from '../lib/api.js';
import { CHANNEL_LABELS } from '../lib/catalogue.js';
import { Badge, groupByFolder, html, Loading, Problem, Switch, useLoad } from '../lib/ui.js';
import { useState } from '../vendor/hooks.js';
import { BotHeader } from './bots.js';

/** The alert a bot without an active account shows instead of the way to a new block. */
export function ConnectFirst({ botId }) {
  return html`<div class="alert warn" role="alert">
    <strong>Connect a channel first</strong>
    <p>A webhook replies through one of the bot’s channel accounts, and this bot has no active one yet. <a href=${`#/bots/${botId}/channels`}>Channels</a></p>
  </div>`;
}

function WebhookRow({ botId, webhook, onChanged }) {
  const [error, setError] = useState(null);
  const toggle = async (enabled) => {
    setError(null);
    try {
      await api.patch(path`/v1/bots/${botId}/webhooks/${webhook.id}`, { enabled });
      onChanged();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<li class="row">
    <div class="row-main">
      <a href=${`#/bots/${botId}/webhooks/${webhook.id}`}><strong>${webhook.name}</strong></a>
      <span class="muted">
        <${Badge}>${webhook.type}</${Badge}> ${CHANNEL_LABELS[webhook.channel] ?? webhook.channel} · ${webhook.account}
      </span>
    </div>
    <${Switch} label=${`${webhook.name} enabled`} hideLabel checked=${webhook.enabled} onChange=${toggle} error=${error} />
  </li>`;
}

export function WebhooksScreen({ botId }) {
  const data = useLoad(() => Promise.all([api.get(path`/v1/bots/${botId}/webhooks`), api.get(path`/v1/bots/${botId}/channels`)]), [botId]);
  const [webhooks, accounts] = data.data ?? [null, null];
  const hasActive = accounts?.data.some((a) => a.active);
  return html`<section>
    <${BotHeader}
      botId=${botId}
      current="webhooks"
      title="Webhooks"
      actions=${hasActive ? html`<a class="button" href=${`#/bots/${botId}/webhooks/new`}>New webhook</a>` : null}
    />
    <${Problem} error=${data.error} />
    ${data.loading && !data.data ? html`<${Loading} />` : null}
    ${accounts && !hasActive ? html`<${ConnectFirst} botId=${botId} />` : null}
    ${webhooks && webhooks.data.length === 0 && hasActive ? html`<p class="empty">No webhooks yet.</p>` : null}
    ${
      webhooks
        ? groupByFolder(webhooks.data).map(
            ([folder, items]) => html`<section class="folder" aria-label=${folder ? `Folder ${folder}` : 'No folder'}>
            <h2 class="folder-name">${folder || 'No folder'}</h2>
            <ul class="rows">
              ${items.map((w) => html`<${WebhookRow} key=${w.id} botId=${botId} webhook=${w} onChanged=${data.reload} />`)}
            </ul>
          </section>`,
          )
        : null
    }
  </section>`;
}
