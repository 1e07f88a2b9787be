import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

// The HMAC key is the part of the secret after `whsec_`, base64-decoded: not the secret's text.
const secret = process.env.HOOKGATE_WEBHOOK_SECRET; // whsec_…
const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
const TOLERANCE_SECONDS = 300;

/** Constant-time comparison of two byte strings. */
const same = (a, b) => a.length === b.length && timingSafeEqual(a, b);

/** webhook-signature: `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`. */
function verifyStandardWebhook(body, headers) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  // During a secret rotation there is one signature per secret, space-separated: one match is enough.
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    return version === 'v1' && value !== undefined && same(Buffer.from(value, 'base64'), expected);
  });
}

/** X-Hookgate-Signature: `sha256=<hex HMAC-SHA256 of the body>`, the same key; also space-separated during a rotation. */
function verifyHookgateSignature(body, header) {
  if (!header) return false;
  const expected = createHmac('sha256', key).update(body).digest();
  return header.split(' ').some((entry) => {
    const [scheme, hex] = entry.split('=');
    return scheme === 'sha256' && /^[0-9a-f]{64}$/.test(hex ?? '') && same(Buffer.from(hex, 'hex'), expected);
  });
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks); // the exact bytes received
    // Either check is enough on its own; the Standard Webhooks one also refuses replays (the timestamp).
    if (!verifyStandardWebhook(body, req.headers) || !verifyHookgateSignature(body, req.headers['x-hookgate-signature'])) {
      res.writeHead(400).end();
      return;
    }
    const event = JSON.parse(body.toString('utf8'));
    console.log(req.headers['webhook-id'], event.event, JSON.stringify(event.data)); // dedupe on webhook-id
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 3000), () => console.log('receiver listening'));
