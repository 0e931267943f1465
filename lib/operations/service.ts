/**
 * The generic record service: get, create, update, delete and actions for every record type, from its
 * definition. The REST handlers and the screens' server actions both call these functions; each rule
 * (stamping, on-behalf filing, who may change what, transitions) lives here or in the modules it uses.
 */
import { withArticle } from '@/lib/format';
import { isAdmin } from '@/lib/auth/caller';
import { within, type Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, invalidField, notFound } from '@/lib/errors';
import { afterTransition, approvalIsOpen, emitStatusChanged, closeItemsOfWithdrawn, fieldThatAddsStep, openItemsForNewRecord, reassignEngineItem, restartChain, type PendingRow } from './approvals';
import { diff, writeAudit } from './audit';
import { notify } from '@/lib/notifications/notify';
import { emitWebhookEvent } from '@/lib/webhooks/events';
import { performDecision } from './decisions';
import { requestInfo, respondToInfo } from './information';
import { stateConflict, type RecordRow, type RecordType } from './define';
import { checkIfMatch } from './etag';
import { fulfilmentChanges } from './fulfilment';
import { actionRefusal, deleteRefusal, isEngineItem, updateRefusal } from './permissions';
import { findVisible, presentRecord } from './records';
import { parseInput } from './validate';
import { pending as pendingType } from './types/pending';
import { externalApprovalColumns, OPSDESK_ENTITY_TYPES, openExternalApproval, type ExternalStep } from './external-approvals';
import { isDeskAction } from './separation';
import { assertActivePerson } from '@/lib/directory/common';
import { requestExtension } from '@/lib/expiry/extension';

export interface WriteOptions {
  ifMatch?: string | null;
}

/** An id that cannot exist (PostgreSQL text cannot hold NUL) is simply not found. */
function assertPossibleId(type: RecordType, id: string): void {
  if (id.includes('\u0000')) throw notFound(type.singular.toLowerCase());
}

export async function getRecord(ctx: Ctx, type: RecordType, id: string): Promise<RecordRow> {
  assertPossibleId(type, id);
  return presentRecord(ctx, type, await findVisible(ctx, type, id));
}

async function assertPersonExists(ctx: Ctx, field: string, id: unknown): Promise<void> {
  if (typeof id !== 'string') return;
  const found = await ctx.db.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw invalidField(field, 'No person with this id in your organisation');
}

/** PostgreSQL text and jsonb cannot hold NUL: a client's NUL is a 422 naming the field, not a database error. */
function assertNoNul(input: unknown, path = ''): void {
  if (typeof input === 'string') {
    if (input.includes('\u0000')) throw invalidField(path || '(body)', 'Must not contain a NUL character');
  } else if (input && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) throw invalidField(at, 'Must not contain a NUL character');
      assertNoNul(value, at);
    }
  }
}

function checkRules(type: RecordType, record: Record<string, unknown>): void {
  const errors = type.validate?.(record) ?? [];
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
}

/** The type's rules that read the tenant's data (the systems catalogue), for the fields a write sets. */
async function checkDataRules(ctx: Ctx, type: RecordType, record: Record<string, unknown>, changed: readonly string[]): Promise<void> {
  const errors = (await type.validateWith?.(ctx, record, changed)) ?? [];
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
}

export async function createRecord(ctx: Ctx, type: RecordType, input: unknown): Promise<RecordRow> {
  assertNoNul(input);
  const parsed = parseInput(type.schemas.create, input) as Record<string, unknown>;
  const { caller } = ctx;
  if (parsed.status !== undefined && parsed.status !== type.initialStatus) {
    throw invalidField('status', `A new ${type.singular.toLowerCase()} starts as '${type.initialStatus}'; leave status out`);
  }
  const requesterField = type.requesterField;
  // An integration key is its own principal, not a person (engine.md §2): it names whom each filing is for.
  if (caller.appId && parsed[requesterField] == null) {
    throw invalidField(requesterField, `An integration key files for a person of its system: give ${requesterField}`);
  }
  const requester = (parsed[requesterField] as string | null | undefined) ?? caller.personId;
  // An integration key speaks for its own system's users on what it files (engine.md §2).
  const speaksForOthers = isAdmin(caller) || !!caller.appId;
  if (requester !== caller.personId && !speaksForOthers) {
    throw forbidden(
      type.name === 'Pending' ? 'A pending item is requested by you: requested_by_id must be your own id.' : 'Filing on behalf of another person needs the admin role.',
    );
  }
  if (type.name === 'Pending' && parsed.type === 'approval' && OPSDESK_ENTITY_TYPES.has(String(parsed.entity_type))) {
    throw invalidField('entity_type', `The approvals engine makes the approval items of ${String(parsed.entity_type)} records; file the request itself instead`);
  }
  await assertPersonExists(ctx, requesterField, requester);
  if (type.name === 'Pending' && typeof parsed.assignee_id === 'string') await assertActivePerson(ctx, 'assignee_id', parsed.assignee_id);

  const now = ctx.clock.now().toISOString();
  const row: Record<string, unknown> = {};
  for (const name of Object.keys(type.fields)) row[name] = parsed[name] ?? null;
  Object.assign(row, {
    id: ctx.clock.id(type.prefix),
    [requesterField]: requester,
    status: type.initialStatus,
    app_id: caller.appId,
    created_at: now,
    updated_at: now,
    created_by: caller.personId,
    updated_by: caller.personId,
    source: parsed.source ?? 'edm',
    source_type: parsed.source_type ?? caller.sourceType,
    schema_version: 1,
    tags: JSON.stringify(parsed.tags ?? {}),
  });
  // An external approval (engine.md §6): the engine runs the chain the integration sent.
  const steps = type.name === 'Pending' && parsed.steps ? (parsed.steps as ExternalStep[]) : null;
  if (steps) Object.assign(row, await externalApprovalColumns(ctx, parsed, requester));
  checkRules(type, { ...row, __expires_at_changed: row.expires_at != null });
  await checkDataRules(ctx, type, row, Object.keys(type.fields).filter((name) => row[name] != null));

  const created = await ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const record = (await tdb
      .insertInto(type.table, row as never)
      .returning(type.columns as never)
      .executeTakeFirstOrThrow()) as unknown as RecordRow;
    const chain = steps?.map((step, index) => `${index + 1}. ${step.assignee_id ?? `any ${step.assignee_role}`}`).join(', ');
    await writeAudit(tx, { entityType: type.name, entityId: record.id, action: 'create', changes: diff(null, record), comment: chain ? `Steps: ${chain}` : null, at: now });
    // A policy that asks for nobody approves it at once: the record answered is the one after filing.
    const filed = steps ? await openExternalApproval(tx, record, steps) : await openItemsForNewRecord(tx, type, record);
    await emitWebhookEvent(tx, 'record.created', { record_type: type.name, ...filed });
    return filed;
  });
  return presentRecord(ctx, type, created);
}

export async function updateRecord(ctx: Ctx, type: RecordType, id: string, input: unknown, options: WriteOptions = {}): Promise<RecordRow> {
  assertPossibleId(type, id);
  assertNoNul(input);
  if (input && typeof input === 'object' && 'status' in input && !type.statusMachine) {
    const actions = Object.keys(type.actions).join(', ');
    throw invalidField('status', `Status changes only through an action (${actions}): POST …/${id}/{action}`);
  }
  const parsed = parseInput(type.schemas.update, input) as Record<string, unknown>;
  const { caller } = ctx;

  const updated = await ctx.db.transaction(async (tdb): Promise<RecordRow> => {
    const tx = within(ctx, tdb);
    const current = await findVisible(tx, type, id, { forUpdate: true });
    checkIfMatch(current, options.ifMatch);
    const refusedUpdate = updateRefusal(type, caller, current);
    if (refusedUpdate) throw forbidden(refusedUpdate);
    const changes: Record<string, unknown> = {};
    for (const name of [...Object.keys(type.fields), 'source', 'source_type']) {
      if (parsed[name] !== undefined) changes[name] = parsed[name];
    }
    if (type.name === 'Pending' && isEngineItem(current)) {
      if (parsed.status !== undefined && parsed.status !== current.status) {
        throw forbidden('The approvals engine moves this item: decide it, or take the desk action on its request.');
      }
      return reassignEngineItem(tx, current as PendingRow, changes);
    }
    if (parsed.tags !== undefined) changes.tags = JSON.stringify(parsed.tags);
    const requesterField = type.requesterField;
    if (changes[requesterField] !== undefined && changes[requesterField] !== current[requesterField]) {
      throw invalidField(requesterField, 'Cannot change after filing: withdraw this one and file a new request for the other person');
    }
    if (typeof changes.assignee_id === 'string' && changes.assignee_id !== current.assignee_id) await assertActivePerson(tx, 'assignee_id', changes.assignee_id);

    const now = ctx.clock.now().toISOString();
    if (type.statusMachine && parsed.status !== undefined && parsed.status !== current.status) {
      if (current.type === 'approval') {
        throw invalidField('status', 'An approval item changes status only through its approve and reject actions');
      }
      const allowed = type.statusMachine[current.status] ?? [];
      if (!allowed.includes(parsed.status as string)) {
        throw new AppError('conflict', `A pending item cannot go from ${current.status} to ${String(parsed.status)}.`, {
          extensions: { current_status: current.status, allowed_actions: [], allowed_statuses: allowed },
        });
      }
      changes.status = parsed.status;
      if (parsed.status === 'completed') changes.completed_at = now;
    }
    checkRules(type, { ...current, ...changes, __expires_at_changed: changes.expires_at != null });
    await checkDataRules(tx, type, { ...current, ...changes }, Object.keys(changes).filter((name) => changes[name] !== current[name]));
    const addsStep = await fieldThatAddsStep(tx, type, current, { ...current, ...changes });
    if (addsStep) {
      throw invalidField(addsStep, 'This change would need another approval step than the one this request was approved with; ask an admin to make it');
    }
    Object.assign(changes, { updated_at: now, updated_by: caller.personId });

    const after = (await tdb
      .updateTable(type.table)
      .set(changes as never)
      .where('id', '=', id)
      .returning(type.columns as never)
      .executeTakeFirstOrThrow()) as unknown as RecordRow;
    const changed = diff(current, after);
    await writeAudit(tx, { entityType: type.name, entityId: id, action: 'update', changes: changed, at: now });
    await emitStatusChanged(tx, type, current, after);
    if (type.name === 'Pending' && after.status === 'completed' && current.status !== 'completed') await emitWebhookEvent(tx, 'pending.completed', after);
    // An edit while the approval is open is a new filing: the chain starts again (engine.md §1).
    const refiled = Object.keys(changed).filter((name) => name in type.fields);
    if (type.approvals && after.status === type.initialStatus && refiled.length > 0) await restartChain(tx, type, after, refiled);
    return after;
  });
  return presentRecord(ctx, type, updated);
}

export async function deleteRecord(ctx: Ctx, type: RecordType, id: string, options: WriteOptions = {}): Promise<void> {
  assertPossibleId(type, id);
  const { caller } = ctx;
  await ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const current = await findVisible(tx, type, id, { forUpdate: true });
    checkIfMatch(current, options.ifMatch);
    const refusedDelete = deleteRefusal(type, caller, current);
    if (refusedDelete) throw forbidden(refusedDelete);
    const now = ctx.clock.now().toISOString();
    const changes = { is_deleted: true, deleted_at: now, deleted_by: caller.personId, updated_at: now, updated_by: caller.personId };
    await tdb.updateTable(type.table).set(changes as never).where('id', '=', id).execute();
    if (type.name !== 'Pending') await closeItemsOfWithdrawn(tx, type, id);
    await writeAudit(tx, { entityType: type.name, entityId: id, action: 'delete', changes: diff(current, changes), at: now });
  });
}

export async function performAction(
  ctx: Ctx,
  type: RecordType,
  id: string,
  action: string,
  input: unknown,
  options: WriteOptions = {},
): Promise<RecordRow> {
  const spec = Object.hasOwn(type.actions, action) ? type.actions[action] : undefined;
  if (!spec) throw new AppError('not_found', `${type.plural} have no action '${action}'.`);
  assertPossibleId(type, id);
  assertNoNul(input);
  const { caller } = ctx;

  // approve/reject: the approvals engine decides (on the record or its item), locking record then item.
  if (spec.decision) return presentRecord(ctx, type, await performDecision(ctx, type, id, action, { ...spec, decision: spec.decision }, input, options));
  if (spec.engineCommand === 'extend') return presentRecord(ctx, type, await requestExtension(ctx, id, input, options.ifMatch));
  if (spec.engineCommand) {
    const { comment } = parseInput(spec.body!, input) as { comment: string };
    const run = spec.engineCommand === 'request_info' ? requestInfo : respondToInfo;
    return presentRecord(ctx, type, await run(ctx, id, comment, options.ifMatch));
  }

  const acted = await ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const current = await findVisible(tx, type, id, { forUpdate: true });
    checkIfMatch(current, options.ifMatch);
    const conflict = () => stateConflict(type, current, `Cannot ${action} ${withArticle(type.singular)} that is ${current.status}.`);

    const refusal = actionRefusal(type, spec, caller, current);
    if (refusal) throw forbidden(refusal);
    if (isDeskAction(spec) && (await approvalIsOpen(tx, type, id))) {
      throw stateConflict(type, current, `This ${type.singular.toLowerCase()} is still waiting for its approval; the desk acts once it is through.`);
    }
    if (!spec.from.includes(current.status)) throw conflict();
    const parsed = parseInput(spec.body ?? pendingType.actions.approve.body!, input) as Record<string, unknown>;
    const body = spec.completeBody ? await spec.completeBody(tx, current, parsed) : parsed;
    const now = ctx.clock.now().toISOString();
    const context = { record: current, body, caller, now };
    const guard = spec.guard?.(context);
    if (guard) throw stateConflict(type, current, guard);
    const to = typeof spec.to === 'function' ? spec.to(context) : spec.to;
    const changes = { ...(spec.stamps?.(context) ?? {}), ...fulfilmentChanges(type, action, to, body), status: to, updated_at: now, updated_by: caller.personId };
    checkRules(type, { ...current, ...changes, __expires_at_changed: 'expires_at' in changes });
    await checkDataRules(tx, type, { ...current, ...changes }, Object.entries(changes).filter(([name, value]) => value !== current[name]).map(([name]) => name));
    const addsStep = await fieldThatAddsStep(tx, type, current, { ...current, ...changes });
    if (addsStep) {
      throw stateConflict(type, current, `This ${action} would change ${addsStep} past what the request was approved for (it would need another approval step); ask an admin to do it.`);
    }

    const after = (await tdb
      .updateTable(type.table)
      .set(changes as never)
      .where('id', '=', id)
      .where('status', '=', current.status as never)
      .returning(type.columns as never)
      .executeTakeFirst()) as unknown as RecordRow | undefined;
    if (!after) throw conflict();
    const comment = (body.comment ?? body.reason ?? null) as string | null;
    await writeAudit(tx, { entityType: type.name, entityId: id, action, changes: diff(current, after), comment, at: now });
    await emitStatusChanged(tx, type, current, after);
    await afterTransition(tx, type, action, after);
    await notify(tx, { type: 'desk_action', recordType: type, record: after, action });
    return after;
  });
  return presentRecord(ctx, type, acted);
}
