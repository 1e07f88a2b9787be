import type { Clock } from '../lib/clock.ts';
import type { HttpClient } from '../net/http-client.ts';
import type { LiveChatStore } from '../store/livechat.ts';
import type { Store } from '../store/store.ts';
import type { AdapterRegistry, ChannelAdapter } from './adapter.ts';
import { HttpAdapter } from './http.ts';
import { InstagramAdapter } from './instagram.ts';
import { LiveChatAdapter } from './livechat.ts';
import { MessengerAdapter } from './messenger.ts';
import { SandboxAdapter } from './sandbox.ts';
import { SlackAdapter } from './slack.ts';
import { SmsAdapter } from './sms.ts';
import { TelegramAdapter } from './telegram.ts';
import { WhatsAppAdapter } from './whatsapp.ts';
import { ZaloAdapter } from './zalo.ts';

export interface AdapterDeps {
  store: Store;
  liveChat: LiveChatStore;
  clock: Clock;
  http: HttpClient;
}

/** Every channel's adapter, by channel. */
export function createAdapterRegistry(deps: AdapterDeps): AdapterRegistry {
  const adapters: ChannelAdapter[] = [
    new WhatsAppAdapter(deps.http),
    new MessengerAdapter(deps.http),
    new InstagramAdapter(deps.http),
    new ZaloAdapter(deps.http),
    new TelegramAdapter(deps.http),
    new SlackAdapter(deps.http),
    new SmsAdapter(deps.http),
    new HttpAdapter(deps.http, { clock: deps.clock }),
    new LiveChatAdapter(deps.liveChat, deps.clock),
    new SandboxAdapter(deps.store, deps.clock),
  ];
  return new Map(adapters.map((a) => [a.channel, a]));
}
