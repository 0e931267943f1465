/**
 * Webhook events (engine.md §6): `emitWebhookEvent` is called where each change happens, in the change's
 * own transaction: it writes one delivery per enabled endpoint that chose the event (an integration's
 * endpoint only for its own app's records) and enqueues its `webhook.deliver` job, so a rolled-back change
 * sends nothing and a committed one is delivered at least once.
 */
import { sql } from 'kysely';
import type { TenantDb } from '@/lib/data/tenant-db';
import { enqueue } from '@/lib/jobs/enqueue';

export const WEBHOOK_EVENTS = [
  'record.created',
  'record.status_changed',
  'approval.step_assigned',
  'approval.decided',
  'pending.completed',
  'document.issued',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const DELIVER_JOB = 'webhook.deliver';
/** Attempts per delivery (the job runner's exponential backoff in between: 15 s, 30 s, 1 min, …). */
export const DELIVERY_ATTEMPTS = 6;

export interface EmitContext {
  db: TenantDb;
  clock: { now(): Date; id(prefix: string): string };
}

/** The body every receiver gets: `{"type", "timestamp", "data"}`. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * Queues `type` with `data` (the record or item, as the API returns it) for every endpoint that wants it.
 * `data.app_id` says whose record it is: an endpoint added by an integration key receives it only when it
 * is that integration's.
 */
export async function emitWebhookEvent(ctx: EmitContext, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
  const appId = typeof data.app_id === 'string' ? data.app_id : null;
  const endpoints = await ctx.db
    .selectFrom('webhook_endpoints')
    .select(['id'])
    .where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(events)`)
    .where((eb) => (appId ? eb.or([eb('app_id', 'is', null), eb('app_id', '=', appId)]) : eb('app_id', 'is', null)))
    .execute();
  if (endpoints.length === 0) return;
  const now = ctx.clock.now().toISOString();
  const payload: WebhookPayload = { type, timestamp: now, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> };
  for (const endpoint of endpoints) {
    const id = ctx.clock.id('msg');
    await ctx.db
      .insertInto('webhook_deliveries', { id, endpoint_id: endpoint.id, event_type: type, payload: JSON.stringify(payload), created_at: now, updated_at: now })
      .execute();
    await enqueue(ctx.db, { name: DELIVER_JOB, data: { delivery_id: id }, maxAttempts: DELIVERY_ATTEMPTS });
  }
}
