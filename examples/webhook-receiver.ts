/**
 * `npm run example:webhook-receiver`: a webhook receiver that verifies each Opsdesk delivery (Standard
 * Webhooks signature, timestamp within 5 minutes) and prints it. Refused deliveries get 401.
 *
 *   OPSDESK_WEBHOOK_SECRET=whsec_… PORT=4400 npm run example:webhook-receiver
 *
 * Add the endpoint in Settings → Webhooks (or POST /api/v1/webhooks) with the URL it prints; a receiver on
 * this machine needs the server started with WEBHOOK_ALLOW_PRIVATE=true.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type WebhookEvent } from '../lib/sdk';

async function rawBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a receiver; each verified event goes to `onEvent`. Answers 204 to a good delivery, 401 to a bad one. */
export function startReceiver(options: { secret: string | (() => string); port?: number; host?: string; onEvent: (event: WebhookEvent, id: string) => void; onRefused?: (reason: string) => void }): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const body = await rawBody(request);
    try {
      const event = verifyWebhook(typeof options.secret === 'function' ? options.secret() : options.secret, body, request.headers as Record<string, string>);
      options.onEvent(event, String(request.headers['webhook-id']));
      response.writeHead(204).end();
    } catch (error) {
      options.onRefused?.(error instanceof Error ? error.message : String(error));
      response.writeHead(401, { 'content-type': 'text/plain' }).end('signature refused');
    }
  });
  return new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(server)));
}

export function addressOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

if (process.argv[1]?.endsWith('webhook-receiver.ts')) {
  const secret = process.env.OPSDESK_WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set OPSDESK_WEBHOOK_SECRET to the endpoint’s signing secret (whsec_…), shown once when the endpoint was added.');
    process.exit(1);
  }
  const server = await startReceiver({
    secret,
    port: Number(process.env.PORT ?? 4400),
    host: process.env.HOST ?? '127.0.0.1',
    onEvent: (event, id) => {
      const data = event.data as Record<string, unknown>;
      const what = [data.id, data.status, data.outcome].filter(Boolean).join(' ');
      console.log(`${event.timestamp} ${id} ${event.type} ${what}`);
      if (process.env.VERBOSE) console.log(JSON.stringify(event, null, 2));
    },
    onRefused: (reason) => console.log(`refused a delivery: ${reason}`),
  });
  console.log(`Listening for Opsdesk webhooks at ${addressOf(server)}`);
}
