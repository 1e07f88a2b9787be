import { BACKENDS, contractBackend } from './backends.ts';
import { describeLiveChatContract } from './livechat-contract.ts';

for (const kind of BACKENDS) {
  describeLiveChatContract(kind, async () => {
    const { backend, cleanup } = await contractBackend(kind);
    return { liveChat: backend.liveChat, cleanup };
  });
}
