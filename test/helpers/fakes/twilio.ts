/** A fake Twilio Messages API (the `sms` channel, and WhatsApp through Twilio). */
import { randomBytes } from 'node:crypto';
import { chars, E164, type FakeProvider, type FakeResponse, startFake } from './fake-provider.ts';

/** A Twilio REST error answer. */
export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
}

/**
 * Twilio `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic auth, per
 * https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource.
 */
export function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeProvider> {
  return startFake({
    check(req) {
      const path = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
      if (!path) return { reason: `unknown route ${req.path}`, response: twilioError(404, 20404, 'The requested resource was not found') };
      const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected || path[1] !== options.accountSid)
        return { reason: 'bad credentials', response: twilioError(401, 20003, 'Authenticate') };
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: twilioError(405, 20004, 'Method not allowed') };
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
        return { reason: 'not form-encoded', response: twilioError(400, 21604, "A 'To' phone number is required.") };
      const form = new URLSearchParams(req.body);
      const to = form.get('To');
      const from = form.get('From');
      const text = form.get('Body');
      if (!to) return { reason: 'no To', response: twilioError(400, 21604, "A 'To' phone number is required.") };
      if (!from) return { reason: 'no From', response: twilioError(400, 21603, "A 'From' phone number is required.") };
      const media = form.getAll('MediaUrl');
      if (!text && media.length === 0) return { reason: 'no Body', response: twilioError(400, 21602, 'Message body is required.') };
      if (media.some((u) => !/^https?:\/\//.test(u)))
        return { reason: 'bad MediaUrl', response: twilioError(400, 21620, 'Invalid media URL(s)') };
      const channelOf = (address: string) => (address.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
      if (!E164.test(to.replace(/^whatsapp:/, '')) || !to.replace(/^whatsapp:/, '').startsWith('+')) {
        return { reason: 'To is not E.164', response: twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`) };
      }
      if (channelOf(to) !== channelOf(from))
        return {
          reason: 'To and From on different channels',
          response: twilioError(400, 21910, 'Invalid From and To pair. From and To should be of the same channel'),
        };
      if (chars(text ?? '') > 1600)
        return {
          reason: 'Body too long',
          response: twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
        };
      return null;
    },
    success(req) {
      const form = new URLSearchParams(req.body);
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return {
        status: 201,
        body: {
          account_sid: options.accountSid,
          api_version: '2010-04-01',
          body: form.get('Body'),
          date_created: new Date().toUTCString(),
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: form.get('From'),
          num_segments: '1',
          sid,
          status: 'queued',
          to: form.get('To'),
          uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}.json`,
        },
      };
    },
  });
}
