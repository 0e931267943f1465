/**
 * Webhook endpoints and their delivery log (engine.md §6). Admins manage every endpoint of their tenant;
 * an integration key manages its own app's endpoints only (and those receive only its app's records).
 * The signing secret (`whsec_…`) is answered once, on creation.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, notFound } from '@/lib/errors';
import { decodeTimeCursor, encodeTimeCursor } from '@/lib/http/time-cursor';
import { enqueue } from '@/lib/jobs/enqueue';
import { parseInput } from '@/lib/operations/validate';
import { urlProblem } from './address';
import { DELIVER_JOB, DELIVERY_ATTEMPTS, WEBHOOK_EVENTS } from './events';

const urlSchema = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters')
  .superRefine((value, issue) => {
    const problem = urlProblem(value);
    if (problem) issue.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'Where deliveries are POSTed: an http(s) URL on a public address (private ones only with WEBHOOK_ALLOW_PRIVATE=true).' });
const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'Choose at least one event')
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)])
  .meta({ description: 'The events this endpoint receives.' });
const descriptionSchema = z.string().trim().max(500, 'At most 500 characters').meta({ description: 'What the endpoint is for.' });

export const createEndpointSchema = z
  .strictObject({ url: urlSchema, events: eventsSchema, description: descriptionSchema.optional() })
  .meta({ id: 'WebhookEndpointCreate' });
export const updateEndpointSchema = z
  .strictObject({
    url: urlSchema.optional(),
    events: eventsSchema.optional(),
    description: descriptionSchema.optional(),
    enabled: z.boolean().optional().meta({ description: 'true enables it again (and resets its run of failures); false pauses deliveries.' }),
  })
  .meta({ id: 'WebhookEndpointUpdate' });

export const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().meta({ description: 'Why it is off, e.g. after 10 failed deliveries in a row.' }),
    consecutive_failures: z.number().int(),
    app_id: z.string().nullable().meta({ description: "The integration whose key added it (it receives only that app's records); null for an admin's." }),
    created_by: z.string(),
    created_at: z.string().meta({ format: 'date-time' }),
    updated_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WebhookEndpoint' });
export const createdEndpointSchema = endpointSchema
  .extend({ secret: z.string().meta({ description: 'The signing secret (`whsec_…`): shown only now.' }) })
  .meta({ id: 'WebhookEndpointCreated' });

export const deliverySchema = z
  .object({
    id: z.string().meta({ description: 'Also the `webhook-id` header (the same on every attempt).' }),
    event_type: z.enum(WEBHOOK_EVENTS),
    status: z.enum(['succeeded', 'failed', 'pending']),
    response_status: z.number().int().nullable(),
    attempts: z.number().int(),
    duration_ms: z.number().int().nullable(),
    created_at: z.string().meta({ format: 'date-time' }),
    updated_at: z.string().meta({ format: 'date-time' }),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed (timeout, refused address, HTTP status).' }),
    response_excerpt: z.string().nullable().meta({ description: "The start of the receiver's last answer (at most 500 characters)." }),
    payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
  status: z.enum(['succeeded', 'failed', 'pending']).optional(),
});

const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'events', 'enabled', 'disabled_reason', 'consecutive_failures', 'app_id', 'created_by', 'created_at', 'updated_at'] as const;
const DELIVERY_COLUMNS = ['id', 'event_type', 'status', 'response_status', 'attempts', 'duration_ms', 'created_at', 'updated_at', 'error', 'response_excerpt', 'payload'] as const;
const MAX_ENDPOINTS = 50;

/** Admins (people) manage every endpoint; an integration key its own app's; nobody else any. */
function assertMayManage(ctx: Ctx): void {
  if (ctx.caller.appId) return;
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins (or an integration key, for its own endpoints) manage webhooks.');
}

function ownEndpoints(ctx: Ctx) {
  let query = ctx.db.selectFrom('webhook_endpoints');
  if (ctx.caller.appId) query = query.where('app_id', '=', ctx.caller.appId);
  return query;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function present<R extends { created_at: unknown; updated_at: unknown }>(row: R): R {
  return { ...row, created_at: iso(row.created_at), updated_at: iso(row.updated_at) };
}

async function findEndpoint(ctx: Ctx, id: string) {
  const row = await ownEndpoints(ctx).select(ENDPOINT_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  return row;
}

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function listEndpoints(ctx: Ctx) {
  assertMayManage(ctx);
  const rows = await ownEndpoints(ctx).select(ENDPOINT_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return { data: rows.map(present) };
}

export async function getEndpoint(ctx: Ctx, id: string) {
  assertMayManage(ctx);
  return present(await findEndpoint(ctx, id));
}

export async function createEndpoint(ctx: Ctx, input: unknown) {
  assertMayManage(ctx);
  const body = parseInput(createEndpointSchema, input);
  const count = await ownEndpoints(ctx).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  if (Number(count?.n ?? 0) >= MAX_ENDPOINTS) throw new AppError('conflict', `At most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
  const now = ctx.clock.now().toISOString();
  const secret = newSecret();
  const row = await ctx.db
    .insertInto('webhook_endpoints', {
      id: ctx.clock.id('whk'),
      app_id: ctx.caller.appId,
      url: body.url,
      description: body.description ?? '',
      events: body.events,
      secret,
      created_by: ctx.caller.personId,
      created_at: now,
      updated_at: now,
    })
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...present(row), secret };
}

export async function updateEndpoint(ctx: Ctx, id: string, input: unknown) {
  assertMayManage(ctx);
  const body = parseInput(updateEndpointSchema, input);
  await findEndpoint(ctx, id);
  const changes: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString() };
  if (body.url !== undefined) changes.url = body.url;
  if (body.events !== undefined) changes.events = body.events;
  if (body.description !== undefined) changes.description = body.description;
  if (body.enabled === true) Object.assign(changes, { enabled: true, disabled_reason: null, consecutive_failures: 0 });
  if (body.enabled === false) Object.assign(changes, { enabled: false, disabled_reason: 'Paused by hand' });
  const row = await ownEndpoints(ctx).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  const after = await ctx.db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
  return present(after);
}

export async function deleteEndpoint(ctx: Ctx, id: string): Promise<void> {
  assertMayManage(ctx);
  await findEndpoint(ctx, id);
  await ctx.db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  await ctx.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** The delivery log, newest first, in keyset pages. */
export async function listDeliveries(ctx: Ctx, endpointId: string, rawQuery: Record<string, string>) {
  assertMayManage(ctx);
  const query = parseInput(deliveriesQuerySchema, rawQuery, 'query');
  await findEndpoint(ctx, endpointId);
  let select = ctx.db.selectFrom('webhook_deliveries').select(DELIVERY_COLUMNS).where('endpoint_id', '=', endpointId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.cursor) {
    let at: { t: string; id: string };
    try {
      at = decodeTimeCursor(query.cursor);
    } catch {
      throw invalid([{ path: 'cursor', message: 'Not a cursor this list gave' }], 'cursor: Not a cursor this list gave');
    }
    select = select.where((eb) => eb.or([eb('created_at', '<', at.t), eb.and([eb('created_at', '=', at.t), eb('id', '<', at.id)])]));
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit).map(present);
  const last = page.at(-1);
  return { data: page, next_cursor: rows.length > query.limit && last ? encodeTimeCursor(last.created_at, last.id) : null };
}

/** Sends a delivery again now (a failed one, or one still waiting): the same id and body, newly signed. */
export async function retryDelivery(ctx: Ctx, endpointId: string, deliveryId: string) {
  assertMayManage(ctx);
  await findEndpoint(ctx, endpointId);
  return ctx.db.transaction(async (tdb) => {
    const row = await tdb.selectFrom('webhook_deliveries').select(['id', 'status']).where('endpoint_id', '=', endpointId).where('id', '=', deliveryId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('delivery');
    if (row.status === 'succeeded') throw new AppError('conflict', 'This delivery succeeded; nothing to retry.');
    const now = ctx.clock.now().toISOString();
    const after = await tdb.updateTable('webhook_deliveries').set({ status: 'pending', updated_at: now }).where('id', '=', deliveryId).returning(DELIVERY_COLUMNS).executeTakeFirstOrThrow();
    await enqueue(tdb, { name: DELIVER_JOB, data: { delivery_id: deliveryId, manual: true }, maxAttempts: DELIVERY_ATTEMPTS, singletonKey: `webhook:${deliveryId}` });
    return present(after);
  });
}
