/**
 * Idempotency-Key on create and actions: the same key with the same request within 24 hours replays the
 * first response and writes nothing; the same key with another request is a 422. The key is stored in
 * the same transaction as the write, so a crash between the two cannot leave one without the other.
 */
import { createHash } from 'node:crypto';
import type { Caller } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { within } from '@/lib/data/context';
import { AppError, runDeferredOnFailure } from '@/lib/errors';

/** How long a key replays its first response (and is kept: lib/jobs/maintenance.ts purges it after). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const principalOf = (caller: Caller) => `${caller.personId}:${caller.appId ?? ''}`;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

async function replay(ctx: Ctx, key: string, hash: string): Promise<StoredResponse | undefined> {
  const since = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_WINDOW_MS).toISOString();
  const row = await ctx.db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body', 'response_headers'])
    .where('principal', '=', principalOf(ctx.caller))
    .where('key', '=', key)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new AppError('validation', 'This Idempotency-Key was already used with a different request.', {
      errors: [{ path: 'Idempotency-Key', message: 'Reused with a different body' }],
    });
  }
  return { status: row.status_code, body: row.response_body, headers: { ...row.response_headers, 'Idempotent-Replayed': 'true' } };
}

export async function withIdempotency(
  ctx: Ctx,
  key: string | undefined,
  hash: string,
  run: (ctx: Ctx) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!key) return run(ctx);
  if (key.length > 255) throw new AppError('validation', 'Idempotency-Key is at most 255 characters.', { errors: [{ path: 'Idempotency-Key', message: 'Too long' }] });
  const earlier = await replay(ctx, key, hash);
  if (earlier) return earlier;
  try {
    return await ctx.db.transaction(async (tdb) => {
      const tx = within(ctx, tdb);
      const response = await run(tx);
      const since = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_WINDOW_MS).toISOString();
      await tdb.deleteFrom('idempotency_keys').where('principal', '=', principalOf(ctx.caller)).where('key', '=', key).where('created_at', '<', since).execute();
      await tdb
        .insertInto('idempotency_keys', {
          principal: principalOf(ctx.caller),
          key,
          request_hash: hash,
          status_code: response.status,
          response_body: JSON.stringify(response.body ?? null),
          response_headers: JSON.stringify(response.headers),
        })
        .execute();
      return response;
    });
  } catch (error) {
    await runDeferredOnFailure(error);
    // A concurrent request with the same key committed first: answer as it did.
    if (error && typeof error === 'object' && 'code' in error && error.code === '23505') {
      const winner = await replay(ctx, key, hash);
      if (winner) return winner;
    }
    throw error;
  }
}
