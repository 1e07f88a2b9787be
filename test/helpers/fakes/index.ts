/**
 * Real loopback HTTP servers that stand in for what Hookgate talks to: the channel providers (each
 * checking requests the way the provider documents them), a gate that slows a provider down, and a
 * subscriber endpoint for event webhooks.
 */
export { closedPort, type FakeProvider, type FakeResponse, type RecordedRequest } from './fake-provider.ts';
export { startFakeReceiver } from './http-channel.ts';
export { startFakeInstagram, startFakeZalo, zaloError } from './instagram-zalo.ts';
export { type FakeMessengerOptions, type FakeWhatsAppOptions, graphError, startFakeMessenger, startFakeWhatsApp } from './meta.ts';
export { type Arrival, type ProviderGate, startProviderGate } from './provider-gate.ts';
export {
  type Answer,
  headerRecord,
  hookgateHmac,
  hookgateSignatureValid,
  type ReceivedRequest,
  Receiver,
  type Script,
  verifyDelivery,
} from './receiver.ts';
export { slackError, startFakeSlack } from './slack.ts';
export { startFakeTelegram, telegramError } from './telegram.ts';
export { type FakeTwilioOptions, startFakeTwilio, twilioError } from './twilio.ts';
