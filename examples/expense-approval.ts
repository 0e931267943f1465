/**
 * `npm run example:expense-approval`: an expense system asks Opsdesk for an approval. Through the SDK it
 * adds a webhook endpoint pointing at a receiver it starts, files an external approval for an expense
 * (the approver decides it in Opsdesk's inbox), waits for the signed `pending.completed` delivery, prints
 * the outcome, and removes its endpoint.
 *
 *   OPSDESK_URL=http://localhost:3000 OPSDESK_TOKEN=<integration key or admin token> \
 *   OPSDESK_APPROVER=bob@acme.example OPSDESK_REQUESTER=alice@acme.example npm run example:expense-approval
 *
 * The server must allow a receiver on this machine: start it with WEBHOOK_ALLOW_PRIVATE=true.
 */
import { createClient, type Person } from '../lib/sdk';
import { addressOf, startReceiver } from './webhook-receiver';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (!value) {
    console.error(`Set ${name}.`);
    process.exit(1);
  }
  return value;
};

async function personByEmail(client: ReturnType<typeof createClient>, email: string): Promise<Person> {
  for await (const person of client.people.iterate({ q: email })) {
    if ((person as Person).email?.toLowerCase() === email.toLowerCase()) return person as Person;
  }
  throw new Error(`No person with the email ${email}`);
}

const client = createClient({ baseUrl: env('OPSDESK_URL', 'http://localhost:3000'), token: env('OPSDESK_TOKEN') });
const approver = await personByEmail(client, env('OPSDESK_APPROVER', 'bob@acme.example'));
const requester = await personByEmail(client, env('OPSDESK_REQUESTER', 'alice@acme.example'));
const timeoutMs = Number(process.env.TIMEOUT_SECONDS ?? 600) * 1000;

let itemId: string | null = null;
let settle: (event: { outcome: string; decisions: { decided_by: string; comment: string | null }[] }) => void = () => undefined;
const outcome = new Promise<{ outcome: string; decisions: { decided_by: string; comment: string | null }[] }>((resolve) => (settle = resolve));
const early: Record<string, unknown>[] = [];

let secret = '';
const server = await startReceiver({
  secret: () => secret,
  host: process.env.RECEIVER_HOST ?? '127.0.0.1',
  port: Number(process.env.RECEIVER_PORT ?? 0),
  onEvent: (event) => {
    const data = event.data as Record<string, unknown>;
    if (event.type !== 'pending.completed') return;
    if (itemId === null) early.push(data);
    else if (data.id === itemId) settle(data as never);
  },
  onRefused: (reason) => console.log(`refused a delivery: ${reason}`),
});
const endpoint = await client.webhooks.create({ url: `${addressOf(server)}opsdesk`, events: ['pending.completed'], description: 'Expense approvals example' });
secret = endpoint.secret;

const expenseId = `exp_${Date.now().toString(36)}`;
try {
  const item = await client.operations.pending.create({
    type: 'approval',
    source_id: expenseId,
    entity_type: 'Expense',
    entity_id: expenseId,
    title: `Expense ${expenseId}: team dinner, 412.50 EUR`,
    description: 'Dinner with the customer after the Berlin workshop.',
    requested_by_id: requester.id,
    priority: 2,
    steps: [{ assignee_id: approver.id }],
  });
  itemId = item.id;
  for (const data of early) if (data.id === itemId) settle(data as never);
  console.log(`Filed ${item.id} for ${expenseId}; waiting for ${approver.name} to decide it in Opsdesk…`);
  const timer = setTimeout(() => {
    console.error(`No decision within ${timeoutMs / 1000} s.`);
    process.exit(2);
  }, timeoutMs);
  const done = await outcome;
  clearTimeout(timer);
  const last = done.decisions?.at(-1);
  console.log(`Outcome: ${done.outcome}${last?.comment ? ` — “${last.comment}”` : ''}`);
} finally {
  await client.webhooks.delete(endpoint.id).catch(() => undefined);
  server.close();
}
