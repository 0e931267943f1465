/**
 * A person's own browser sessions and API tokens (engine.md §8, GET/DELETE /api/v1/me/tokens and the
 * "Sessions and tokens" screen). Only ever the caller's own rows; the token itself is never stored, so
 * it can never be shown. Revoking is immediate: the next request with it reads the revoked row (401).
 */
import type { Ctx } from '@/lib/data/context';
import { AppError, forbidden } from '@/lib/errors';
import { recordSecurityEvent } from './events';

export interface MyToken {
  id: string;
  kind: 'session' | 'token';
  label: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  /** The session or token this very request came with. */
  current: boolean;
}

function assertPerson(ctx: Ctx): void {
  if (ctx.caller.appId) throw forbidden('An integration key has no sessions or tokens of its own; admins manage keys in settings.');
}

/** The caller's sessions and tokens that still work, newest first. */
export async function listMyTokens(ctx: Ctx): Promise<MyToken[]> {
  assertPerson(ctx);
  const rows = await ctx.db
    .selectFrom('auth_sessions')
    .select(['id', 'kind', 'label', 'created_at', 'expires_at', 'last_used_at'])
    .where('person_id', '=', ctx.caller.personId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', ctx.clock.now().toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({ ...row, current: row.id === ctx.caller.sessionId }));
}

/** Revokes one of the caller's own sessions or tokens; anyone else's is "not found", as if it did not exist. */
export async function revokeMyToken(ctx: Ctx, id: string): Promise<void> {
  assertPerson(ctx);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tdb) => {
    const revoked = await tdb
      .updateTable('auth_sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('person_id', '=', ctx.caller.personId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['id', 'kind', 'label'])
      .executeTakeFirst();
    if (!revoked) throw new AppError('not_found', 'You have no active session or token with that id.');
    await recordSecurityEvent(tdb, {
      kind: revoked.kind === 'session' ? 'session_revoked' : 'token_revoked',
      actorId: ctx.caller.personId,
      subjectId: revoked.id,
      detail: { label: revoked.label, by: 'owner' },
      at: now,
    });
  });
}
