import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.HOOKGATE_WEBHOOK_SECRET); // the whsec_… from the subscription

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8'); // the exact bytes received: never re-serialise JSON
    try {
      const event = wh.verify(body, req.headers); // throws on a bad signature or a timestamp over 5 minutes off
      console.log(req.headers['webhook-id'], event.event, JSON.stringify(event.data)); // dedupe on webhook-id
      res.writeHead(204).end();
    } catch {
      res.writeHead(400).end();
    }
  });
}).listen(Number(process.env.PORT ?? 3000), () => console.log('receiver listening'));
