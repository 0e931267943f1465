/**
 * One delivery attempt (the `webhook.deliver` job): POST the stored body to the endpoint, signed per
 * Standard Webhooks (`standardwebhooks`: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`).
 * A 2xx answer is success; anything else (another status, a redirect — never followed —, a timeout, a
 * refused address) is a failed attempt: the job runner retries it with backoff, and after the last
 * attempt the delivery is failed. An endpoint whose deliveries fail 10 times in a row is switched off
 * and the admins are told; PATCH `enabled: true` switches it on again.
 */
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { notify } from '@/lib/notifications/notify';
import { privateAllowed, safeLookup, urlProblem } from './address';

export const DISABLE_AFTER = 10;
export const TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 500;
const READ_LIMIT = 16 * 1024;

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
}

/** Signs and POSTs one body; never throws (every failure is an AttemptResult). */
export async function postSigned(url: string, secret: string, id: string, body: string, now: Date): Promise<AttemptResult> {
  const started = performance.now();
  const done = (partial: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({ ...partial, durationMs: Math.round(performance.now() - started) });
  const problem = urlProblem(url);
  if (problem) return done({ ok: false, status: null, excerpt: null, error: problem });
  let signature: string;
  try {
    signature = new Webhook(secret).sign(id, now, body);
  } catch {
    return done({ ok: false, status: null, excerpt: null, error: 'The endpoint’s secret cannot sign' });
  }
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        lookup: safeLookup(privateAllowed()) as never,
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Opsdesk-Webhooks/1',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          // Only a short excerpt is kept: stop reading a long answer.
          if (size < READ_LIMIT) chunks.push(chunk);
          size += chunk.length;
          if (size >= READ_LIMIT) response.destroy();
        });
        const finish = () => {
          const status = response.statusCode ?? null;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
          const ok = status !== null && status >= 200 && status < 300;
          const redirect = status !== null && status >= 300 && status < 400;
          resolve(done({ ok, status, excerpt: text || null, error: ok ? null : redirect ? `Answered ${status} (redirects are not followed)` : `Answered ${status}` }));
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`No answer within ${TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(done({ ok: false, status: null, excerpt: null, error: error.message || error.code || 'Connection failed' })));
    request.end(body);
  });
}

/**
 * Runs one attempt of a delivery. Answers whether the job should be retried (throws then, so the runner
 * backs off); a delivery that succeeded, whose endpoint is gone or off, or that ran out of attempts ends.
 */
export async function attemptDelivery(
  db: TenantDb,
  deliveryId: string,
  options: { attempt: number; maxAttempts: number; now: Date; ctx: Ctx },
): Promise<void> {
  const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery || delivery.status === 'succeeded') return;
  const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', delivery.endpoint_id).executeTakeFirst();
  const nowIso = options.now.toISOString();
  if (!endpoint || !endpoint.enabled) {
    await db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', error: endpoint ? 'The endpoint is switched off' : 'The endpoint was deleted', updated_at: nowIso })
      .where('id', '=', deliveryId)
      .execute();
    return;
  }
  const body = JSON.stringify(delivery.payload);
  const result = await postSigned(endpoint.url, endpoint.secret, delivery.id, body, options.now);
  const last = options.attempt >= options.maxAttempts;
  const status = result.ok ? 'succeeded' : last ? 'failed' : 'pending';
  await db.transaction(async (tdb) => {
    await tdb
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status,
        attempts: eb('attempts', '+', 1),
        response_status: result.status,
        response_excerpt: result.excerpt,
        error: result.error,
        duration_ms: result.durationMs,
        updated_at: nowIso,
      }))
      .where('id', '=', deliveryId)
      .execute();
    if (result.ok) {
      await tdb.updateTable('webhook_endpoints').set({ consecutive_failures: 0 }).where('id', '=', endpoint.id).execute();
      return;
    }
    if (!last) return;
    // A delivery that ran out of attempts is one failure in the endpoint's run.
    const after = await tdb
      .updateTable('webhook_endpoints')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', endpoint.id)
      .returning(['consecutive_failures', 'enabled'])
      .executeTakeFirstOrThrow();
    if (after.enabled && after.consecutive_failures >= DISABLE_AFTER) {
      await tdb
        .updateTable('webhook_endpoints')
        .set({ enabled: false, disabled_reason: `Switched off after ${after.consecutive_failures} failed deliveries in a row`, updated_at: nowIso })
        .where('id', '=', endpoint.id)
        .execute();
      await notify({ ...options.ctx, db: tdb }, { type: 'webhook_disabled', endpoint: { id: endpoint.id, url: endpoint.url }, failures: after.consecutive_failures, at: nowIso });
    }
  });
  if (!result.ok && !last) throw new Error(`Webhook delivery ${deliveryId} failed: ${result.error}`);
}
