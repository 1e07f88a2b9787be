// The channel credential fields and the event catalogue, served beside the console (catalogue.json).
let loading = null;

export function loadCatalogue() {
  loading ??= fetch('./catalogue.json', { credentials: 'omit' }).then((res) => {
    if (!res.ok) throw new Error(`catalogue.json: HTTP ${res.status}`);
    return res.json();
  });
  return loading;
}

export const CHANNEL_LABELS = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  telegram: 'Telegram',
  slack: 'Slack',
  sms: 'SMS (Twilio)',
  zalo: 'Zalo',
  livechat: 'Live chat',
  http: 'HTTP endpoint',
  sandbox: 'Sandbox',
};
