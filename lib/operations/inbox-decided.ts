/**
 * "Decided by me": the decisions the caller made, newest first — themselves or as a delegate on behalf of
 * someone away — each with its request, so a manager finds what they approved last week. The same rule as
 * `GET /operations/pending?decided_by=me` (the caller's own decisions only, never another person's).
 */
import type { Ctx } from '@/lib/data/context';
import type { RecordRow } from './define';
import { visibleRecords } from './records';
import { typeByName } from './registry';

export interface DecidedEntry {
  /** The decision's id. */
  id: string;
  itemId: string;
  decision: 'approve' | 'reject';
  decidedAt: string;
  comment: string | null;
  /** The person away the caller decided for, when it was a delegated decision. */
  onBehalfOf: { id: string; name: string } | null;
  /** An edit of the request restarted its chain after this decision. */
  voided: boolean;
  override: boolean;
  step: { index: number; total: number };
  title: string;
  typeLabel: string;
  href: string;
  requester: { id: string; name: string } | null;
  /** The request's status now. */
  recordStatus: string | null;
}

export async function loadDecidedByMe(ctx: Ctx, limit = 100): Promise<DecidedEntry[]> {
  const rows = await ctx.db
    .selectFrom('approval_decisions')
    .innerJoin('pending_items', (join) =>
      join.onRef('pending_items.id', '=', 'approval_decisions.pending_id').onRef('pending_items.tenant_id', '=', 'approval_decisions.tenant_id'),
    )
    .select([
      'approval_decisions.id',
      'approval_decisions.pending_id',
      'approval_decisions.decision',
      'approval_decisions.decided_at',
      'approval_decisions.comment',
      'approval_decisions.on_behalf_of',
      'approval_decisions.voided',
      'approval_decisions.override',
      'approval_decisions.step_index',
      'pending_items.total_steps',
      'pending_items.title',
      'pending_items.entity_type',
      'pending_items.entity_id',
      'pending_items.requested_by_id',
    ])
    .where('approval_decisions.tenant_id', '=', ctx.db.tenantId)
    .where('approval_decisions.decided_by', '=', ctx.caller.personId)
    .where('pending_items.is_deleted', '=', false)
    .where((eb) => (ctx.caller.appId ? eb('pending_items.app_id', '=', ctx.caller.appId) : eb.lit(true)))
    .orderBy('approval_decisions.decided_at', 'desc')
    .orderBy('approval_decisions.id', 'desc')
    .limit(limit)
    .execute();

  const idsByType = new Map<string, string[]>();
  for (const row of rows) {
    if (row.entity_type && row.entity_id) idsByType.set(row.entity_type, [...(idsByType.get(row.entity_type) ?? []), row.entity_id]);
  }
  const records = new Map<string, RecordRow>();
  await Promise.all(
    [...idsByType].map(async ([typeName, ids]) => {
      const type = typeByName(typeName);
      if (!type) return;
      for (const row of (await visibleRecords(ctx, type).where('id', 'in', [...new Set(ids)]).execute()) as RecordRow[]) records.set(row.id, row);
    }),
  );
  const personIds = [...new Set(rows.flatMap((r) => [r.requested_by_id, r.on_behalf_of]).filter((id): id is string => !!id))];
  const people = personIds.length ? await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute() : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const person = (id: string | null) => (id ? { id, name: nameOf.get(id) ?? 'Unknown person' } : null);

  return rows.map((row): DecidedEntry => {
    const type = row.entity_type ? typeByName(row.entity_type) : undefined;
    const record = row.entity_id ? records.get(row.entity_id) : undefined;
    return {
      id: row.id,
      itemId: row.pending_id,
      decision: row.decision,
      decidedAt: new Date(row.decided_at).toISOString(),
      comment: row.comment,
      onBehalfOf: person(row.on_behalf_of),
      voided: row.voided,
      override: row.override,
      step: { index: row.step_index, total: row.total_steps ?? 1 },
      title: row.title ?? (type && record ? type.title(record) : 'Approval'),
      typeLabel: type?.singular ?? 'Approval',
      href: type && record ? `/${type.resource}/${record.id}` : `/pending/${row.pending_id}`,
      requester: person(row.requested_by_id),
      recordStatus: record?.status ?? null,
    };
  });
}
