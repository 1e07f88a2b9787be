import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerCreateChannel } from './create.ts';
import { registerDeleteChannel } from './delete.ts';
import { registerGetChannel } from './get.ts';
import { registerListChannels } from './list.ts';
import { registerListSandboxMessages } from './list-messages.ts';
import { registerMintLiveChatToken } from './mint-livechat-token.ts';
import { registerUpdateChannel } from './update.ts';

/** /bots/{botId}/channels: the accounts a bot replies through. Registration order is the order of openapi.yaml. */
export function channelRoutes(): OpenApiApp {
  const app = openApiApp();
  registerCreateChannel(app);
  registerListChannels(app);
  registerGetChannel(app);
  registerUpdateChannel(app);
  registerDeleteChannel(app);
  registerListSandboxMessages(app);
  registerMintLiveChatToken(app);
  return app;
}
