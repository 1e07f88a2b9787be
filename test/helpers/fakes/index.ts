/**
 * Real loopback HTTP servers that stand in for what Hookgate talks to: the channel providers (each
 * checking requests the way the provider documents them), a gate that slows a provider down, and a
 * subscriber endpoint for event webhooks.
 */
export { closedPort, type FakeProvider, type FakeResponse, type RecordedRequest } from './fake-provider.ts';
export { startFakeReceiver } from './http-channel.ts';
export { graphError, startFakeMessenger, startFakeWhatsApp, type FakeMessengerOptions, type FakeWhatsAppOptions } from './meta.ts';
export { startProviderGate, type Arrival, type ProviderGate } from './provider-gate.ts';
export {
  headerRecord,
  hookgateHmac,
  hookgateSignatureValid,
  Receiver,
  verifyDelivery,
  type Answer,
  type ReceivedRequest,
  type Script,
} from './receiver.ts';
export { slackError, startFakeSlack } from './slack.ts';
export { startFakeTelegram, telegramError } from './telegram.ts';
export { startFakeTwilio, twilioError, type FakeTwilioOptions } from './twilio.ts';
