/**
 * Using an approve/reject link from an approver's email (engine.md §5; the links themselves are in
 * email-links.ts). Opening one (`describeEmailLink`) reads and changes nothing — a mail scanner that
 * fetches the link decides nothing. Confirming (`confirmEmailLink`) runs the same decision as the inbox
 * and REST (decisions.ts `decide`: separation of duties, delegation, N of M, the first decision wins),
 * as the link's person with their roles read now, on the very step the email was about, and marks the
 * link used in the same transaction. A used, expired or stale link, or one opened while someone else is
 * signed in, acts on nothing and says why; refused uses are security events.
 *
 * The link names its tenant only through its hash, so finding it is a cross-tenant read (the system
 * context, reason 'email-link'); everything after runs as that tenant, under row-level security.
 */
import { ulid } from 'ulidx';
import type { Caller } from '@/lib/auth/caller';
import { systemClock, type Clock, type Ctx } from '@/lib/data/context';
import { systemDb, systemTenantDb } from '@/lib/data/system';
import type { TenantDb } from '@/lib/data/tenant-db';
import { delegatorsFor } from '@/lib/delegation/delegations';
import { forbidden, isAppError } from '@/lib/errors';
import { formatterFor, type FormatSettings } from '@/lib/format';
import { chainParties, type PendingRow, PENDING_COLUMNS } from '@/lib/operations/approvals';
import { decide } from '@/lib/operations/decisions';
import { stateConflict, type RecordRow, type RecordType } from '@/lib/operations/define';
import { isExternalApproval } from '@/lib/operations/external-approvals';
import { findVisible } from '@/lib/operations/records';
import { pending as pendingType, typeByName } from '@/lib/operations/registry';
import { decisionVerdict } from '@/lib/operations/separation';
import { formatSettingsOf } from '@/lib/preferences/preferences';
import { recordSecurityEvent } from '@/lib/security/events';
import type { KeyField } from './compose';
import { keyFields } from './email';
import { chainGeneration, hashLinkToken, isWellFormedToken } from './email-links';
import { purgeRateLimitRows } from '@/lib/security/rate-limit-rows';

/** Confirmations per client address in a window, across every link (the confirm step's rate limit). */
export const CONFIRM_LIMIT = { windowMs: 10 * 60 * 1000, perAddress: 20 };

/** The signed-in person in the browser that opened the link, if any. */
export interface Viewer {
  tenantId: string;
  personId: string;
  name: string;
}

export interface LinkRequest {
  /** The formats the link's person reads in (their locale and zone, the tenant's currency): the fields and the page's times. */
  format: FormatSettings;
  title: string;
  url: string;
  requesterName: string;
  status: string;
  fields: KeyField[];
  stepText: string;
}

export type LinkView =
  | { state: 'invalid' }
  | { state: 'throttled'; retryAfterSeconds: number }
  | { state: 'wrong_person'; intendedName: string; viewerName: string }
  | {
      state: 'ready';
      decision: 'approve' | 'reject';
      approverName: string;
      onBehalfOfName: string | null;
      expiresAt: string;
      request: LinkRequest;
    }
  | {
      state: 'closed';
      decision: 'approve' | 'reject';
      /** used: this link (or its pair) decided already; decided: by someone (named); restarted; withdrawn; expired; refused; waiting (the requester is asked). */
      reason: 'used' | 'decided' | 'restarted' | 'withdrawn' | 'expired' | 'refused' | 'waiting';
      message: string;
      decidedBy: string | null;
      decidedAt: string | null;
      outcome: 'approved' | 'rejected' | null;
      request: LinkRequest | null;
    }
  | { state: 'done'; decision: 'approve' | 'reject'; final: boolean; request: LinkRequest; onBehalfOfName: string | null };

interface FoundLink {
  tenantId: string;
  decision: 'approve' | 'reject';
  link: {
    id: string;
    person_id: string;
    pending_id: string;
    step_index: number;
    generation: number;
    expires_at: string;
    used_at: string | null;
    used_decision: 'approve' | 'reject' | null;
  };
}

async function findLink(token: string): Promise<FoundLink | null> {
  if (!isWellFormedToken(token)) return null;
  const hash = hashLinkToken(token);
  const db = await systemDb('email-link');
  const row = await db
    .selectFrom('email_action_links')
    .select(['tenant_id', 'id', 'person_id', 'pending_id', 'step_index', 'generation', 'expires_at', 'used_at', 'used_decision', 'approve_hash'])
    .where((eb) => eb.or([eb('approve_hash', '=', hash), eb('reject_hash', '=', hash)]))
    .executeTakeFirst();
  if (!row) return null;
  const { tenant_id, approve_hash, ...link } = row;
  return { tenantId: tenant_id, decision: approve_hash === hash ? 'approve' : 'reject', link: { ...link, expires_at: String(link.expires_at), used_at: link.used_at ? String(link.used_at) : null } };
}

async function nameOf(db: TenantDb, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  const row = await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

/** The link's person as a caller, with their roles as they are now (a role removed since the email counts). */
async function callerOf(db: TenantDb, tenantId: string, personId: string): Promise<Caller | null> {
  const person = await db.selectFrom('people').select(['id', 'roles', 'active']).where('id', '=', personId).executeTakeFirst();
  if (!person?.active) return null;
  return { tenantId, personId: person.id, roles: person.roles, appId: null, sourceType: 'frontend', via: 'email' };
}

interface Situation {
  item: PendingRow | undefined;
  record: RecordRow | undefined;
  request: LinkRequest | null;
}

/**
 * What an approval item decides: its Opsdesk record's type, or — for an external approval an integration
 * filed (engine.md §6: "Expense", "Contract") — the item itself, decided as its own record, as on REST.
 */
function subjectOf(item: PendingRow): { type: RecordType; id: string } | null {
  if (isExternalApproval(item)) return { type: pendingType, id: item.id };
  const type = item.entity_type ? typeByName(item.entity_type) : undefined;
  return type && item.entity_id ? { type, id: item.entity_id } : null;
}

async function situationOf(db: TenantDb, pendingId: string, personId: string): Promise<Situation> {
  const item = (await db.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', pendingId).executeTakeFirst()) as unknown as PendingRow | undefined;
  const subject = item ? subjectOf(item) : null;
  if (!item || !subject) return { item, record: undefined, request: null };
  const { type } = subject;
  const record = (await db.selectFrom(type.table).select(type.columns as never).where('id', '=', subject.id).executeTakeFirst()) as unknown as RecordRow | undefined;
  if (!record) return { item, record, request: null };
  const ctx = { db } as Ctx;
  const index = item.current_step_index ?? 0;
  const format = await formatSettingsOf(ctx, personId);
  const request: LinkRequest = {
    format,
    title: type.title(record),
    url: `/${type.resource}/${record.id}`,
    requesterName: (await nameOf(db, item.requested_by_id)) ?? 'Someone',
    status: String(record.status),
    fields: (await keyFields(ctx, type.name, record.id, formatterFor(format))).filter((f) => f.label !== 'Request'),
    stepText: (item.total_steps ?? 1) > 1 ? `Step ${index + 1} of ${item.total_steps}` : 'The only approval step',
  };
  return { item, record, request };
}

/** What a link is now, for the person who opens it (no writes, except the security event of a refusal). */
async function viewOf(found: FoundLink, db: TenantDb, viewer: Viewer | null, now: Date): Promise<LinkView> {
  const { link, decision } = found;
  const approverName = (await nameOf(db, link.person_id)) ?? 'the approver';
  if (viewer && (viewer.tenantId !== found.tenantId || viewer.personId !== link.person_id)) {
    return { state: 'wrong_person', intendedName: approverName, viewerName: viewer.name };
  }
  const { item, record, request } = await situationOf(db, link.pending_id, link.person_id);
  const closed = (reason: Extract<LinkView, { state: 'closed' }>['reason'], message: string, extra: { decidedBy?: string | null; decidedAt?: string | null; outcome?: 'approved' | 'rejected' | null } = {}): LinkView => ({
    state: 'closed',
    decision,
    reason,
    message,
    decidedBy: extra.decidedBy ?? null,
    decidedAt: extra.decidedAt ?? null,
    outcome: extra.outcome ?? null,
    request,
  });
  if (!item || !record || item.is_deleted || record.is_deleted) return closed('withdrawn', 'The request was withdrawn; there is nothing left to decide.');
  const step = await db
    .selectFrom('approval_steps')
    .select(['decision', 'decided_by', 'decided_at'])
    .where('pending_id', '=', item.id)
    .where('step_index', '=', link.step_index)
    .executeTakeFirst();
  if (link.used_at) {
    const mine = step?.decided_by === link.person_id;
    return closed('used', 'This link has been used; each link works once.', {
      decidedBy: mine || !step?.decided_by ? approverName : await nameOf(db, step.decided_by),
      decidedAt: mine || !step?.decided_at ? link.used_at : String(step.decided_at),
      outcome: link.used_decision === 'approve' ? 'approved' : 'rejected',
    });
  }
  if ((await chainGeneration(db, item.id)) !== link.generation) {
    return closed('restarted', 'The request was edited after this email was sent, so its approval started again. The new approvers were told.');
  }
  if (step?.decision) {
    return closed('decided', 'This step has already been decided.', {
      decidedBy: await nameOf(db, step.decided_by),
      decidedAt: String(step.decided_at),
      outcome: step.decision === 'approved' ? 'approved' : 'rejected',
    });
  }
  if (item.status === 'completed') return closed('withdrawn', 'This approval is closed; there is nothing left to decide.');
  if (now.getTime() >= new Date(link.expires_at).getTime()) {
    return closed('expired', 'Links in approval emails work for 7 days. Open the request to decide it there.', { decidedAt: link.expires_at });
  }
  const caller = await callerOf(db, found.tenantId, link.person_id);
  if (!caller) return closed('refused', 'This account is no longer active.');
  const ctx: Ctx = { caller, db, clock: systemClock };
  const verdict = decisionVerdict(caller, item, await chainParties(ctx, item), link.step_index, await delegatorsFor(ctx, caller.personId));
  if (!verdict.allowed) {
    if (verdict.alreadyDecided) return closed('used', verdict.reason ?? 'You already decided this step.', { decidedBy: approverName });
    return closed('refused', verdict.reason ?? 'This approval step is no longer assigned to you.');
  }
  // An admin deciding a step that is not theirs is an override: that is done on the request page, not from an email.
  if (verdict.override) return closed('refused', 'This approval step is no longer assigned to you.');
  if (item.status === 'blocked') return closed('waiting', item.blocked_reason ?? 'This approval waits for something else first; the link will work once it is back with you.');
  return {
    state: 'ready',
    decision,
    approverName,
    onBehalfOfName: await nameOf(db, verdict.onBehalfOf),
    expiresAt: link.expires_at,
    request: request!,
  };
}

async function refusalEvent(db: TenantDb, found: FoundLink, view: LinkView, viewer: Viewer | null, address: string, now: Date): Promise<void> {
  if (view.state !== 'wrong_person' && !(view.state === 'closed' && view.reason === 'refused')) return;
  await recordSecurityEvent(db, {
    kind: 'decision_refused',
    actorId: viewer?.personId ?? found.link.person_id,
    subjectId: found.link.pending_id,
    ip: address,
    detail: {
      via: 'email_link',
      link_id: found.link.id,
      action: found.decision,
      reason: view.state === 'wrong_person' ? `The link was sent to ${view.intendedName}; ${view.viewerName} was signed in.` : view.message,
    },
    at: now,
  }).catch((error: unknown) => console.error('[security] could not record a refused email link', error));
}

/** Opening a link: shows what it would do, or what happened. Decides nothing. */
export async function describeEmailLink(token: string, viewer: Viewer | null, options: { address?: string; clock?: Clock } = {}): Promise<LinkView> {
  const found = await findLink(token);
  if (!found) return { state: 'invalid' };
  const now = (options.clock ?? systemClock).now();
  const db = await systemTenantDb('email-link', found.tenantId);
  const view = await viewOf(found, db, viewer, now);
  if (view.state === 'wrong_person') await refusalEvent(db, found, view, viewer, options.address ?? 'unknown', now);
  return view;
}

/** Confirmations past their time (lib/security/rate-limit-rows.ts). */
export function purgeLinkAttempts(now: Date): Promise<number> {
  return purgeRateLimitRows('email-link', 'email_link_attempts', CONFIRM_LIMIT.windowMs, now);
}

/** Counts a confirmation from this address; answers the wait when the address is over the limit. */
async function throttle(address: string, now: Date): Promise<number | null> {
  const db = await systemDb('email-link');
  const since = new Date(now.getTime() - CONFIRM_LIMIT.windowMs);
  await purgeLinkAttempts(now);
  const rows = await db
    .selectFrom('email_link_attempts')
    .select('created_at')
    .where('address', '=', address)
    .where('created_at', '>', since.toISOString())
    .orderBy('created_at', 'desc')
    .limit(CONFIRM_LIMIT.perAddress)
    .execute();
  if (rows.length >= CONFIRM_LIMIT.perAddress) {
    const oldest = new Date(rows[rows.length - 1].created_at).getTime();
    return Math.max(1, Math.ceil((oldest + CONFIRM_LIMIT.windowMs - now.getTime()) / 1000));
  }
  await db.insertInto('email_link_attempts').values({ id: `ela_${ulid(now.getTime())}`, address, created_at: now.toISOString() }).execute();
  return null;
}

export type ConfirmResult = { view: LinkView; error?: { path: string; message: string } };

/**
 * Confirming a link: the decision, as the link's person, on the link's step, through decisions.ts; the
 * link is used in the same transaction (both links of the email: one decision per email).
 */
export async function confirmEmailLink(
  token: string,
  input: { comment?: string | null },
  viewer: Viewer | null,
  options: { address?: string; clock?: Clock } = {},
): Promise<ConfirmResult> {
  const clock = options.clock ?? systemClock;
  const address = options.address ?? 'unknown';
  const now = clock.now();
  const wait = await throttle(address, now);
  if (wait !== null) return { view: { state: 'throttled', retryAfterSeconds: wait } };
  const found = await findLink(token);
  if (!found) return { view: { state: 'invalid' } };
  const db = await systemTenantDb('email-link', found.tenantId);
  const before = await viewOf(found, db, viewer, now);
  if (before.state !== 'ready') {
    await refusalEvent(db, found, before, viewer, address, now);
    return { view: before };
  }
  const comment = input.comment?.trim() || null;
  if (found.decision === 'reject' && !comment) return { view: before, error: { path: 'comment', message: 'Say why you reject it: the requester sees your reason.' } };
  if (comment && comment.length > 5000) return { view: before, error: { path: 'comment', message: 'At most 5,000 characters.' } };

  const caller = (await callerOf(db, found.tenantId, found.link.person_id))!;
  try {
    const outcome = await db.transaction(async (tx) => {
      const ctx: Ctx = { caller, db: tx, clock: { now: () => now, id: clock.id }, root: db };
      // The link first: a second confirmation of this email waits here, then finds it used.
      const link = await tx.selectFrom('email_action_links').select('id').where('id', '=', found.link.id).where('used_at', 'is', null).forUpdate().executeTakeFirst();
      if (!link) return null;
      const item = (await tx.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', found.link.pending_id).executeTakeFirstOrThrow()) as unknown as PendingRow;
      const subject = subjectOf(item);
      if (!subject) throw stateConflict(pendingType, item, 'This approval is closed.');
      const { type } = subject;
      const record = await findVisible(ctx, type, subject.id, { forUpdate: true }).catch((error: unknown) => {
        if (isAppError(error) && error.kind === 'not_found') throw forbidden('You may no longer see this request.');
        throw error;
      });
      const conflict = (detail?: string) => stateConflict(type, record, detail ?? 'This request no longer waits for a decision.');
      const result = await decide(ctx, type, record, { decision: found.decision, comment }, conflict, {
        itemId: item.id,
        // The step the email was about: if the chain moved on or restarted, this decides nothing (409).
        seen: { itemId: item.id, index: found.link.step_index },
        check: async (locked) => {
          if ((await chainGeneration(tx, locked.id)) !== found.link.generation) throw conflict('The request was edited; its approval started again.');
          const verdict = decisionVerdict(caller, locked, await chainParties(ctx, locked), found.link.step_index, await delegatorsFor(ctx, caller.personId));
          if (verdict.override) throw forbidden('This approval step is no longer assigned to you.');
        },
      });
      await tx.updateTable('email_action_links').set({ used_at: now.toISOString(), used_decision: found.decision }).where('id', '=', found.link.id).where('used_at', 'is', null).execute();
      return { final: result.final };
    });
    if (!outcome) {
      // Used a moment ago (a double submit, or the other link of the email): show what it did.
      const again = await findLink(token);
      return { view: again ? await viewOf(again, db, viewer, now) : { state: 'invalid' } };
    }
    const after = await situationOf(db, found.link.pending_id, found.link.person_id);
    const decisionRow = await db
      .selectFrom('approval_decisions')
      .select('on_behalf_of')
      .where('pending_id', '=', found.link.pending_id)
      .where('step_index', '=', found.link.step_index)
      .where('decided_by', '=', found.link.person_id)
      .where('voided', '=', false)
      .executeTakeFirst();
    return { view: { state: 'done', decision: found.decision, final: outcome.final, request: after.request!, onBehalfOfName: await nameOf(db, decisionRow?.on_behalf_of) } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.kind === 'forbidden') {
      const view: LinkView = { state: 'closed', decision: found.decision, reason: 'refused', message: error.message, decidedBy: null, decidedAt: null, outcome: null, request: before.request };
      await refusalEvent(db, found, view, viewer, address, now);
      return { view };
    }
    if (error.kind === 'validation') return { view: before, error: { path: error.errors?.[0]?.path ?? 'comment', message: error.errors?.[0]?.message ?? error.message } };
    // A conflict: someone else decided first, or the chain moved on. Show what happened.
    const view = await viewOf(found, db, viewer, now);
    return { view: view.state === 'ready' ? { state: 'closed', decision: found.decision, reason: 'decided', message: error.message, decidedBy: null, decidedAt: null, outcome: null, request: before.request } : view };
  }
}
