/**
 * Events → recipients → channels (engine.md §5). `notify(ctx, event)` is called by the engine in the same
 * transaction as the change, from one place per event: it works out who is told (recipients.ts), writes
 * their in-app notifications in one insert, and queues an email for each recipient who wants one
 * (preferences.ts; the `email.send` job sends it after the transaction commits).
 *
 * No noise: only the current step's eligible approvers are told; when a step is decided, the other
 * approvers' notifications for it are marked superseded ("Decided by Ivan"); the caller is never told of
 * their own action. A notification failure never fails the user's change: notify runs under a savepoint
 * and, on error, rolls back to it and logs.
 */
import { sql } from 'kysely';
import type { NotificationKind, Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { findVisible } from '@/lib/operations/records';
import { typeByName } from '@/lib/operations/registry';
import { requesterOf } from '@/lib/operations/visibility';
import { documentUrl } from '@/lib/documents/documents-url';
import { queueNotificationEmails } from './email';
import { holdersOf } from '@/lib/policies/resolve';
import { mentionedPeople, participants, stepApprovers, type ApprovalItemRef, type Recipient } from './recipients';

const ITEM_COLUMNS = [
  'id', 'status', 'title', 'entity_type', 'entity_id', 'requested_by_id', 'created_by', 'current_step_index', 'total_steps', 'assignee_id', 'assignee_role', 'candidate_ids',
] as const;
const ROLE_DESKS: Partial<Record<Role, string>> = { it: 'IT desk', hr: 'HR desk', travel: 'travel desk', admin: 'admins' };
const FULFILLED_STATUSES = new Set(['provisioned', 'booked', 'delivered']);

export type NotificationEvent =
  /** A request was filed (or refiled by an edit): its first step waits on its approvers. */
  | { type: 'step_opened'; itemId: string; restarted?: boolean }
  /** A step was decided: supersede the others' notifications; tell the requester, or the next step's approvers. */
  | { type: 'decision'; item: ApprovalItemRef; stepIndex: number; stepDone: boolean; final: boolean; decision: 'approve' | 'reject'; comment: string | null; onBehalfOf: string | null; recordType: RecordType; record: RecordRow }
  | { type: 'task_opened'; recordType: RecordType; record: RecordRow; role: Role }
  /** A desk action on a request (provision, fulfil, book, a stage move, a desk's rejection). */
  | { type: 'desk_action'; recordType: RecordType; record: RecordRow; action: string }
  | { type: 'info_requested'; item: ApprovalItemRef; question: string }
  /** The requester answered: the approver who asked hears it, and the step waits on them again. */
  | { type: 'info_answered'; item: ApprovalItemRef; askedBy: string; answer: string }
  /** An item's current step (or a desk task) was handed to someone else: they are told; the earlier notices say it moved. */
  | { type: 'reassigned'; item: ApprovalItemRef & { type: string } }
  | { type: 'comment'; recordType: RecordType; record: RecordRow; body: string; at: string }
  /** A webhook endpoint failed too many deliveries in a row and was switched off: the admins are told. */
  | { type: 'webhook_disabled'; endpoint: { id: string; url: string }; failures: number; at: string };

/** One notification about to be written. */
export interface Draft {
  recipientId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  entityType: string | null;
  entityId: string | null;
  pendingId?: string | null;
  stepIndex?: number | null;
  onBehalfOf?: string | null;
}

export function recordUrl(type: RecordType, id: string): string {
  return `/${type.resource}/${id}`;
}

async function namesOf(ctx: Ctx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An HR request fulfilled with a document generated in Opsdesk (engine.md §7): its URL is the document's. */
function deliversDocument(record: RecordRow): boolean {
  const url = record.deliverable_url;
  return typeof url === 'string' && url.startsWith(documentUrl(''));
}

function firstName(name: string | undefined): string {
  return name?.split(/\s+/)[0] ?? 'Someone';
}

function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Where an approval item's request lives (its record's page), and the record type. */
function itemTarget(item: ApprovalItemRef): { type: RecordType | undefined; url: string } {
  const type = item.entity_type ? typeByName(item.entity_type) : undefined;
  return { type, url: type && item.entity_id ? recordUrl(type, item.entity_id) : `/pending/${item.id}` };
}

async function stepDrafts(ctx: Ctx, item: ApprovalItemRef, recipients: Recipient[]): Promise<Draft[]> {
  if (recipients.length === 0) return [];
  const { url } = itemTarget(item);
  const names = await namesOf(ctx, [item.requested_by_id, ...recipients.map((r) => r.onBehalfOf)]);
  const requester = names.get(item.requested_by_id ?? '') ?? 'Someone';
  const index = item.current_step_index ?? 0;
  const stepText = (item.total_steps ?? 1) > 1 ? ` (step ${index + 1} of ${item.total_steps})` : '';
  return recipients.map((r) => {
    const forWhom = r.onBehalfOf ? ` for ${firstName(names.get(r.onBehalfOf))}` : '';
    return {
      recipientId: r.personId,
      kind: 'step_assigned' as const,
      title: `Approve${forWhom}: ${String(item.title ?? 'a request')}`,
      body: `${requester}’s request waits on your decision${stepText}${r.onBehalfOf ? `, on behalf of ${names.get(r.onBehalfOf) ?? 'someone'} while they are away` : ''}.`,
      url,
      entityType: item.entity_type,
      entityId: item.entity_id,
      pendingId: item.id,
      stepIndex: index,
      onBehalfOf: r.onBehalfOf,
    };
  });
}

/** Marks the notifications of a decided (or handed-over) step superseded, saying who decided it. */
async function supersedeStep(ctx: Ctx, pendingId: string, stepIndex: number | null, note: string, ownNote = 'You decided it'): Promise<void> {
  const actor = ctx.caller.personId;
  let query = ctx.db
    .updateTable('notifications')
    .set((eb) => ({
      superseded_at: ctx.clock.now().toISOString(),
      // The one who decided reads "You decided it", and their own copy needs no more reading.
      superseded_note: eb.case().when('recipient_id', '=', actor).then(ownNote).else(note).end(),
      read_at: eb.case().when('recipient_id', '=', actor).then(eb.fn.coalesce('read_at', eb.val(ctx.clock.now().toISOString()))).else(eb.ref('read_at')).end(),
    }))
    .where('pending_id', '=', pendingId)
    .where('superseded_at', 'is', null);
  if (stepIndex !== null) query = query.where('step_index', '=', stepIndex);
  await query.execute();
}

async function draftsFor(ctx: Ctx, event: NotificationEvent): Promise<Draft[]> {
  const actor = ctx.caller.personId;
  switch (event.type) {
    case 'step_opened': {
      const item = await ctx.db.selectFrom('pending_items').select(ITEM_COLUMNS).where('id', '=', event.itemId).executeTakeFirst();
      if (!item) return [];
      // A refiled chain starts again: what was asked of the earlier approvers no longer stands.
      if (event.restarted) await supersedeStep(ctx, item.id, null, 'The request was edited; its approval started again.');
      return stepDrafts(ctx, item, await stepApprovers(ctx, item));
    }
    case 'decision': {
      const { item, recordType, record } = event;
      const names = await namesOf(ctx, [actor, event.onBehalfOf]);
      const decider = names.get(actor) ?? 'Someone';
      const who = event.onBehalfOf ? `${decider} (on behalf of ${names.get(event.onBehalfOf) ?? 'someone'})` : decider;
      if (event.stepDone) await supersedeStep(ctx, item.id, event.stepIndex, `Decided by ${who}`);
      const drafts: Draft[] = [];
      if (event.final) {
        const outcome = event.decision === 'approve' ? 'approved' : 'rejected';
        drafts.push({
          recipientId: requesterOf(recordType, record) ?? '',
          kind: 'decided',
          title: `${recordType.title(record)} was ${outcome}`,
          body: `${who} ${outcome} your request.${event.comment ? ` “${excerpt(event.comment)}”` : ''}`,
          url: recordUrl(recordType, record.id),
          entityType: recordType.name,
          entityId: record.id,
        });
      } else if (event.stepDone) {
        drafts.push(...(await stepDrafts(ctx, item, await stepApprovers(ctx, item))));
      }
      return drafts;
    }
    case 'task_opened': {
      const { recordType, record, role } = event;
      const names = await namesOf(ctx, [requesterOf(recordType, record)]);
      const holders = await ctx.db
        .selectFrom('people')
        .select('id')
        .where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')))
        .where('active', '=', true)
        .execute();
      const requesterId = requesterOf(recordType, record);
      return holders
        // The desk rule (engine.md §2): nobody acts on their own request, so nobody is asked to.
        .filter((h) => h.id !== requesterId && h.id !== record.created_by)
        .map((h) => ({
          recipientId: h.id,
          kind: 'task_opened' as const,
          title: `New task: ${recordType.title(record)}`,
          body: `${names.get(requesterId ?? '') ?? 'Someone'}’s ${recordType.singular.toLowerCase()} is ready for the ${ROLE_DESKS[role] ?? `${role} desk`}.`,
          url: recordUrl(recordType, record.id),
          entityType: recordType.name,
          entityId: record.id,
        }));
    }
    case 'desk_action': {
      const { recordType, record, action } = event;
      const rejected = record.status === 'rejected';
      if (!rejected && !FULFILLED_STATUSES.has(record.status) && action !== 'fulfill') return [];
      const names = await namesOf(ctx, [actor]);
      const status = action === 'fulfill' ? 'fulfilled' : record.status;
      return [
        {
          recipientId: requesterOf(recordType, record) ?? '',
          kind: rejected ? 'decided' : 'fulfilled',
          title: `${recordType.title(record)} was ${status}`,
          body: `${names.get(actor) ?? 'The desk'} marked your request ${status}.${deliversDocument(record) ? ' Your document is ready: download it from your request.' : ''}`,
          url: recordUrl(recordType, record.id),
          entityType: recordType.name,
          entityId: record.id,
        },
      ];
    }
    case 'info_requested': {
      const { item } = event;
      const names = await namesOf(ctx, [actor]);
      return [
        {
          recipientId: item.requested_by_id ?? '',
          kind: 'info_requested',
          title: `Question about ${String(item.title ?? 'your request')}`,
          body: `${names.get(actor) ?? 'Your approver'} asks: “${excerpt(event.question)}” Answer it on the request so the approval can go on.`,
          url: itemTarget(item).url,
          entityType: item.entity_type,
          entityId: item.entity_id,
          pendingId: item.id,
        },
      ];
    }
    case 'info_answered': {
      const { item } = event;
      const names = await namesOf(ctx, [actor]);
      const [draft] = await stepDrafts(ctx, item, [{ personId: event.askedBy, onBehalfOf: null }]);
      return [
        {
          ...draft,
          title: `Answered: ${String(item.title ?? 'a request')}`,
          body: `${names.get(actor) ?? 'The requester'} answered your question: “${excerpt(event.answer)}” The request waits on your decision again.`,
        },
      ];
    }
    case 'reassigned':
      return reassignedDrafts(ctx, event.item);
    case 'webhook_disabled': {
      const admins = await ctx.db.selectFrom('people').select('id').where('roles', '@>', sql<Role[]>`array['admin']::text[]`).where('active', '=', true).execute();
      return admins.map((admin) => ({
        recipientId: admin.id,
        kind: 'webhook_disabled' as const,
        title: `Webhook switched off: ${excerpt(event.endpoint.url, 120)}`,
        body: `It failed ${event.failures} deliveries in a row. Fix the receiver, then enable it again in Settings → Webhooks; the failed deliveries can be retried there.`,
        url: '/settings#webhooks',
        entityType: null,
        entityId: null,
      }));
    }
    case 'comment': {
      const { recordType, record, body } = event;
      const names = await namesOf(ctx, [actor]);
      const author = names.get(actor) ?? 'Someone';
      const title = recordType.title(record);
      const url = recordUrl(recordType, record.id);
      const mentioned = new Set<string>();
      for (const id of await mentionedPeople(ctx, body)) {
        // Only people who may see the request hear of it (a mention discloses nothing else).
        if (id !== actor && (await mayView(ctx, recordType, record.id, id))) mentioned.add(id);
      }
      const others = (await participants(ctx, recordType.name, record.id, { requesterId: requesterOf(recordType, record), filedBy: record.created_by })).filter(
        (id) => !mentioned.has(id),
      );
      const common = { url, entityType: recordType.name, entityId: record.id };
      return [
        ...[...mentioned].map((recipientId) => ({ ...common, recipientId, kind: 'mention' as const, title: `${author} mentioned you on ${title}`, body: excerpt(body) })),
        ...others.map((recipientId) => ({ ...common, recipientId, kind: 'comment' as const, title: `${author} commented on ${title}`, body: excerpt(body) })),
      ];
    }
  }
}

/** A step or desk task handed over: the earlier notices say where it went; its new holders are told. */
async function reassignedDrafts(ctx: Ctx, item: ApprovalItemRef & { type: string }): Promise<Draft[]> {
  const names = await namesOf(ctx, [ctx.caller.personId, item.assignee_id]);
  const target = item.assignee_id ? (names.get(item.assignee_id) ?? 'someone else') : item.assignee_role ? (ROLE_DESKS[item.assignee_role] ?? `the ${item.assignee_role} role`) : 'someone else';
  const by = names.get(ctx.caller.personId) ?? 'Someone';
  const note = `Handed to ${target} by ${by}`;
  if (item.type === 'approval') {
    await supersedeStep(ctx, item.id, item.current_step_index ?? 0, note, `You handed it to ${target}`);
    const drafts = await stepDrafts(ctx, item, await stepApprovers(ctx, item));
    return drafts.map((d) => ({ ...d, body: `${by} handed this step to you. ${d.body}` }));
  }
  // A desk task: the desk's notices of it (one per holder) say where it went.
  const { type, url } = itemTarget(item);
  if (item.entity_id) {
    await ctx.db
      .updateTable('notifications')
      .set({ superseded_at: ctx.clock.now().toISOString(), superseded_note: note })
      .where('entity_id', '=', item.entity_id)
      .where('kind', '=', 'task_opened')
      .where('superseded_at', 'is', null)
      .execute();
  }
  const holders = item.assignee_id ? [item.assignee_id] : item.assignee_role ? await holdersOf(ctx, item.assignee_role) : [];
  const requester = (await namesOf(ctx, [item.requested_by_id])).get(item.requested_by_id ?? '') ?? 'Someone';
  return holders
    // The desk rule (engine.md §2): nobody acts on their own request, so nobody is asked to.
    .filter((id) => id !== item.requested_by_id && id !== item.created_by)
    .map((recipientId) => ({
      recipientId,
      kind: 'task_opened' as const,
      title: `Task handed to you: ${String(item.title ?? 'a request')}`,
      body: `${by} handed you the task of ${requester}’s ${type ? type.singular.toLowerCase() : 'request'}.`,
      url,
      entityType: item.entity_type,
      entityId: item.entity_id,
    }));
}

async function mayView(ctx: Ctx, type: RecordType, recordId: string, personId: string): Promise<boolean> {
  const person = await ctx.db.selectFrom('people').select(['id', 'roles']).where('id', '=', personId).executeTakeFirst();
  if (!person) return false;
  const as: Ctx = { ...ctx, caller: { tenantId: ctx.db.tenantId, personId: person.id, roles: person.roles, appId: null, sourceType: 'system' } };
  return findVisible(as, type, recordId).then(
    () => true,
    () => false,
  );
}

/** Writes the drafts (one insert) for active people other than the actor, and queues their emails. */
async function deliver(ctx: Ctx, drafts: Draft[]): Promise<void> {
  const actor = ctx.caller.personId;
  const wanted = drafts.filter((d) => d.recipientId && d.recipientId !== actor);
  if (wanted.length === 0) return;
  const active = await ctx.db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('id', 'in', [...new Set(wanted.map((d) => d.recipientId))])
    .where('active', '=', true)
    .execute();
  const emails = new Map(active.map((p) => [p.id, p.email]));
  const now = ctx.clock.now().toISOString();
  const rows = wanted
    .filter((d) => emails.has(d.recipientId))
    .map((d) => ({
      id: ctx.clock.id('ntf'),
      recipient_id: d.recipientId,
      kind: d.kind,
      title: d.title,
      body: d.body,
      url: d.url,
      entity_type: d.entityType,
      entity_id: d.entityId,
      pending_id: d.pendingId ?? null,
      step_index: d.stepIndex ?? null,
      actor_id: actor || null,
      on_behalf_of: d.onBehalfOf ?? null,
      created_at: now,
    }));
  if (rows.length === 0) return;
  await ctx.db.insertInto('notifications', rows).execute();
  await queueNotificationEmails(ctx, rows, emails);
}

/** When the change happened, read from what it wrote (null: not known, take the clock's time). */
async function eventTime(ctx: Ctx, event: NotificationEvent): Promise<Date | null> {
  let iso: unknown;
  switch (event.type) {
    case 'step_opened': {
      const row = await ctx.db.selectFrom('pending_items').select('updated_at').where('id', '=', event.itemId).executeTakeFirst();
      iso = row?.updated_at;
      break;
    }
    case 'decision':
    case 'info_requested':
    case 'info_answered':
    case 'reassigned':
      iso = (event.item as { updated_at?: unknown }).updated_at;
      break;
    case 'comment':
    case 'webhook_disabled':
      iso = event.at;
      break;
    default:
      iso = event.record.updated_at;
  }
  const date = typeof iso === 'string' || iso instanceof Date ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

let savepoints = 0;

/**
 * Tells the people an event concerns, in the caller's transaction. Never fails the change: the work runs
 * under a savepoint, and an error rolls back to it (so the transaction stays usable) and is logged.
 */
export async function notify(ctx: Ctx, event: NotificationEvent): Promise<void> {
  if (!ctx.db.isTransaction) {
    await ctx.db.transaction((tdb) => notify({ ...ctx, db: tdb }, event));
    return;
  }
  // The event's time is the change's own (the row it wrote), so notifying never moves a stepping clock
  // (the seed's, a test's) on; every row of the event carries that one time.
  const at = (await eventTime(ctx, event)) ?? ctx.clock.now();
  const frozen: Ctx = { ...ctx, clock: { now: () => new Date(at), id: (prefix) => ctx.clock.id(prefix) } };
  await underSavepoint(ctx, event.type, async () => deliver(frozen, await draftsFor(frozen, event)));
}

async function underSavepoint(ctx: Ctx, what: string, work: () => Promise<void>): Promise<void> {
  const name = sql.raw(`notify_${++savepoints % 1_000_000}`);
  const conn = ctx.db.connection;
  await sql`savepoint ${name}`.execute(conn);
  try {
    await work();
    await sql`release savepoint ${name}`.execute(conn);
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(conn);
    console.error(`[notifications] could not notify ${what}; the change itself is kept`, error);
  }
}

/**
 * Tells people of what the clock did (reminders, overdue, escalations, expiry warnings: lib/sla,
 * lib/expiry), from drafts its caller wrote, in the caller's transaction and under a savepoint like notify.
 */
export async function notifyDrafts(ctx: Ctx, drafts: Draft[]): Promise<void> {
  if (drafts.length === 0) return;
  if (!ctx.db.isTransaction) {
    await ctx.db.transaction((tdb) => notifyDrafts({ ...ctx, db: tdb }, drafts));
    return;
  }
  await underSavepoint(ctx, drafts[0].kind, () => deliver(ctx, drafts));
}
