/** The audit log: every write and transition, written in the same transaction as the change itself. */
import type { Ctx } from '@/lib/data/context';

export type Changes = Record<string, { from: unknown; to: unknown }>;

const IGNORED = new Set(['updated_at', 'updated_by', 'search_text']);

export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [key, to] of Object.entries(after)) {
    if (IGNORED.has(key)) continue;
    const from = before ? (before[key] ?? null) : null;
    if (JSON.stringify(from) !== JSON.stringify(to ?? null)) changes[key] = { from, to: to ?? null };
  }
  return changes;
}

export async function writeAudit(
  ctx: Ctx,
  event: { entityType: string; entityId: string; action: string; changes: Changes; comment?: string | null; at?: string },
): Promise<void> {
  await ctx.db
    .insertInto('audit_events', {
      id: ctx.clock.id('aud'),
      entity_type: event.entityType,
      entity_id: event.entityId,
      action: event.action,
      actor_id: ctx.caller.personId,
      app_id: ctx.caller.appId,
      source_type: ctx.caller.via ?? ctx.caller.sourceType,
      changes: JSON.stringify(event.changes),
      comment: event.comment ?? null,
      created_at: event.at ?? ctx.clock.now().toISOString(),
    })
    .execute();
}

export async function listAudit(ctx: Ctx, entityType: string, entityId: string) {
  return ctx.db
    .selectFrom('audit_events')
    .select(['id', 'action', 'actor_id', 'app_id', 'source_type', 'changes', 'comment', 'created_at'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
