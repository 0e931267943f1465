/**
 * The attacker's-eye suite's world: two tenants, every kind of caller, fixtures of every record type in
 * any state (reached through the definitions' own lifecycles, not five hand-written paths), and the
 * contract (api.md, engine.md §2) as an oracle: which answers are right for a caller, a record and an
 * operation. The oracle is written from the documents, over the registry's definitions (actions, their
 * `from` states and `who`, desk roles), never from lib/operations/permissions.ts or visibility.ts.
 */
import { expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { SignJWT } from 'jose';
import type { Database, Role } from '@/db/schema';
import { signToken } from '@/lib/auth/tokens';
import type { RecordType } from '@/lib/operations/define';
import { pending, recordTypes } from '@/lib/operations/registry';
import { createRecord, performAction, updateRecord } from '@/lib/operations/service';
import { api, type ApiResponse } from './api';
import { testDatabase } from './database';
import { integrationToken, validBody, type Json, type Resource } from './records';
import { snapshotTenants, expectUnchanged, type Snapshot } from './snapshot';
import { createTestTenant, type PersonKey, type TestTenant } from './tenant';

export const PERSONS: readonly PersonKey[] = ['alice', 'bob', 'hana', 'ivan', 'tara', 'ada'];
/** Every kind of caller: the six roles of tenant A, an integration key of A, no token, a forged and an expired token, and tenant B's admin. */
export type Who = PersonKey | 'key' | 'none' | 'forged' | 'expired' | 'other-tenant';
export const WHO: readonly Who[] = [...PERSONS, 'key', 'none', 'forged', 'expired', 'other-tenant'];
export const UNAUTHENTICATED: readonly Who[] = ['none', 'forged', 'expired'];

export const REQUEST_TYPES = recordTypes.filter((t) => t.name !== 'Pending');
export const ALL_TYPES = recordTypes;
const REQUEST_NAMES = new Set(REQUEST_TYPES.map((t) => t.name as string));

export interface World {
  db: Kysely<Database>;
  a: TestTenant;
  b: TestTenant;
  tokens: Record<Who, string | undefined>;
  keyAppId: string;
}

export async function createWorld(): Promise<World> {
  const { db } = await testDatabase();
  const a = await createTestTenant(db);
  const b = await createTestTenant(db);
  const key = await integrationToken(db, a, 'ada');
  // Warm the key once: its "last used" stamp is bookkeeping, written at most once a minute.
  await api('GET', '/api/v1/me', { token: key.token });
  const forged = await new SignJWT({ tenant_id: a.tenantId, roles: ['employee', 'admin'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(a.people.ada.id)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('not-the-server-secret-but-just-as-long-0000000'));
  const expired = (
    await signToken({ personId: a.people.ada.id, tenantId: a.tenantId, roles: a.people.ada.roles, expiresAt: new Date(Date.now() - 60_000) })
  ).token;
  const tokens = { none: undefined, forged, expired, key: key.token, 'other-tenant': await b.token('ada') } as Record<Who, string | undefined>;
  for (const p of PERSONS) tokens[p] = await a.token(p);
  return { db, a, b, tokens, keyAppId: key.appId };
}

export const resourceOf = (type: RecordType) => type.resource as Resource;
export const collectionPath = (type: RecordType) => `/api/v1/operations/${type.resource}`;
/** A lone surrogate cannot be sent in a URL: it becomes U+FFFD, as a client's encoder would make it. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
export const itemPath = (type: RecordType, id: string, action?: string) =>
  `/api/v1/operations/${type.resource}/${encodeURIComponent(wellFormed(id))}${action ? `/${action}` : ''}`;

/** A body every action accepts when it is allowed (z.object drops what an action does not take). */
export const HAPPY_BODY = { comment: 'Attack matrix', reason: 'Attack matrix', deliverable_type: 'physical' } as const;

// ---------------------------------------------------------------------------------------------------
// Facts read over the owner connection (plain SQL): approval items and steps.

export interface StepRow {
  pending_id: string;
  step_index: number;
  assignee_id: string | null;
  assignee_role: string | null;
  decision: string | null;
  decided_by: string | null;
}

export async function readRow(db: Kysely<Database>, type: RecordType, id: string): Promise<Json> {
  const { rows } = await sql<Json>`select * from ${sql.table(type.table)} where id = ${id}`.execute(db);
  return rows[0];
}

export async function stepsOfEntity(db: Kysely<Database>, tenantId: string, entityId: string): Promise<StepRow[]> {
  const { rows } = await sql<StepRow>`select pending_id, step_index, assignee_id, assignee_role, decision, decided_by
    from approval_steps where tenant_id = ${tenantId} and entity_id = ${entityId} order by pending_id, step_index`.execute(db);
  return rows;
}

export async function stepsOfItem(db: Kysely<Database>, itemId: string): Promise<StepRow[]> {
  const { rows } = await sql<StepRow>`select pending_id, step_index, assignee_id, assignee_role, decision, decided_by
    from approval_steps where pending_id = ${itemId} order by step_index`.execute(db);
  return rows;
}

export async function openApprovalItem(db: Kysely<Database>, tenantId: string, entityId: string): Promise<Json | undefined> {
  const { rows } = await sql<Json>`select * from pending_items where tenant_id = ${tenantId} and entity_id = ${entityId}
    and type = 'approval' and status <> 'completed' and is_deleted = false order by created_at limit 1`.execute(db);
  return rows[0];
}

export async function itemsOfEntity(db: Kysely<Database>, tenantId: string, entityId: string, kind: 'approval' | 'task'): Promise<Json[]> {
  const { rows } = await sql<Json>`select * from pending_items where tenant_id = ${tenantId} and entity_id = ${entityId}
    and type = ${kind} order by created_at`.execute(db);
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// The oracle.

interface Person {
  id: string;
  roles: readonly Role[];
}

function personOf(w: World, who: Who): Person | null {
  return (PERSONS as readonly string[]).includes(who) ? w.a.people[who as PersonKey] : null;
}

const isAdminP = (p: Person) => p.roles.includes('admin');
const holds = (p: Person, step: { assignee_id: string | null; assignee_role: string | null }) =>
  step.assignee_id === p.id || (step.assignee_role !== null && p.roles.includes(step.assignee_role as Role));

/** An engine-made pending item: an approval or desk task of one of Opsdesk's own request types. */
export const isEngineItem = (row: Json) => (row.type === 'approval' || row.type === 'task') && REQUEST_NAMES.has(row.entity_type);

/** api.md "Visibility": who sees a row, whatever the path. */
export function visibleByContract(w: World, who: Who, type: RecordType, row: Json, steps: StepRow[]): boolean {
  if (UNAUTHENTICATED.includes(who)) return false;
  if (row.is_deleted) return false;
  if (who === 'other-tenant') return row.tenant_id === w.b.tenantId;
  if (row.tenant_id !== w.a.tenantId) return false;
  // The key belongs to ada (admin): within its tenant it sees exactly what was written with its app_id.
  if (who === 'key') return row.app_id === w.keyAppId;
  const p = personOf(w, who)!;
  if (isAdminP(p) || type.deskRoles.some((r) => p.roles.includes(r))) return true;
  if (type.name === 'Pending') {
    return holds(p, row) || row.requested_by_id === p.id || row.created_by === p.id;
  }
  return (
    row.requester_id === p.id ||
    row.created_by === p.id ||
    steps.some((s) => holds(p, s) || s.decided_by === p.id)
  );
}

export type Op = { op: 'list' } | { op: 'create'; onBehalf?: boolean } | { op: 'get' } | { op: 'update' } | { op: 'delete' } | { op: 'action'; action: string };

export interface Facts {
  /** The row as stored (owner connection). */
  row: Json;
  /** Approval steps of the row (its record's steps for an engine item). */
  steps: StepRow[];
  /** For decisions: the open approval item and its current step, if any. */
  item?: Json;
  /** For an engine pending item: the record it belongs to. */
  record?: Json;
}

export async function factsOf(w: World, type: RecordType, id: string): Promise<Facts> {
  const row = await readRow(w.db, type, id);
  if (type.name === 'Pending') {
    const steps = row.type === 'approval' ? await stepsOfItem(w.db, id) : [];
    const recordType = recordTypes.find((t) => t.name === row.entity_type);
    const record = isEngineItem(row) && recordType ? await readRow(w.db, recordType, row.entity_id) : undefined;
    return { row, steps, item: row.type === 'approval' ? row : undefined, record };
  }
  const steps = await stepsOfEntity(w.db, row.tenant_id, id);
  const item = await openApprovalItem(w.db, row.tenant_id, id);
  return { row, steps, item, record: row };
}

const OK: Record<Op['op'], number> = { list: 200, create: 201, get: 200, update: 200, delete: 204, action: 200 };
export const successOf = (op: Op) => OK[op.op];

/**
 * The answers the contract allows for `who` doing `op` on a row (api.md, engine.md §2). A set, where the
 * documents leave the order of two refusals open (a wrong role in a wrong state: 403 or 409).
 */
export function expectedStatuses(w: World, who: Who, type: RecordType, op: Op, facts: Facts): number[] {
  if (UNAUTHENTICATED.includes(who)) return [401];
  const { row } = facts;
  if (!visibleByContract(w, who, type, row, facts.steps)) {
    // A former approver of an item that moved on knew it: a late decision of theirs is a 409 (nothing is disclosed).
    const p = personOf(w, who);
    const knewIt = !!p && type.name === 'Pending' && op.op === 'action' && facts.steps.some((s) => holds(p, s) || s.decided_by === p.id);
    return knewIt ? [404, 409] : [404];
  }
  if (op.op === 'get') return [200];
  if (who === 'key' || who === 'other-tenant') return [200, 201, 204, 403, 409]; // not reached: fixtures are invisible to both
  const p = personOf(w, who)!;
  const admin = isAdminP(p);
  const isOwner = row.created_by === p.id || row[type.requesterField] === p.id;
  const initial = row.status === type.initialStatus;

  if (op.op === 'update') {
    if (type.name === 'Pending') {
      if (isEngineItem(row)) return [403]; // engine.md §2: engine items are read-only except reassigning a step
      return admin || holds(p, row) ? [200] : [403];
    }
    // engine.md §2: a desk person's update of their own request follows the requester's rules.
    const desk = type.deskRoles.some((r) => p.roles.includes(r)) && !isOwner;
    return admin || desk || (isOwner && initial) ? [200] : [403];
  }
  if (op.op === 'delete') {
    if (type.name === 'Pending') {
      if (isEngineItem(row)) return [403];
      return admin || row.created_by === p.id ? [204] : [403];
    }
    return admin || (isOwner && initial) ? [204] : [403];
  }
  if (op.op !== 'action') throw new Error(`no oracle for ${op.op}`);
  const spec = type.actions[op.action];
  if (spec.decision) {
    const item = facts.item;
    const record = facts.record;
    const stateOk = type.name === 'Pending' ? !!item && row.status !== 'completed' && spec.from.includes(row.status) : spec.from.includes(row.status) && !!item;
    if (!item || !record) return stateOk ? [403] : [409, 403];
    const steps = type.name === 'Pending' ? facts.steps : facts.steps.filter((s) => s.pending_id === item.id);
    const current = steps.find((s) => s.step_index === (item.current_step_index ?? 0));
    // engine.md §2: nobody decides a step of a request they filed or that is for them, nor two steps of one chain.
    const excluded = record.created_by === p.id || record.requester_id === p.id || steps.some((s) => s.decided_by === p.id);
    const eligible = !!current && !current.decision && !excluded && (holds(p, current) || admin);
    if (!stateOk) return eligible ? [409] : [409, 403];
    return eligible ? [200] : [403];
  }
  if (spec.engineCommand) {
    // engine.md §3: the current approver asks (the item waits blocked); the requester answers. Only an
    // engine approval asks; any other item is a 409 whoever calls.
    const item = facts.item;
    if (!item || !isEngineItem(row)) return [409, 403];
    const current = facts.steps.find((s) => s.step_index === (item.current_step_index ?? 0));
    const excluded = facts.record?.created_by === p.id || row.requested_by_id === p.id || facts.steps.some((s) => s.decided_by === p.id);
    if (spec.engineCommand === 'request_info') {
      const approver = !!current && !current.decision && !excluded && holds(p, current);
      const open = row.status !== 'completed' && !row.info_requested_by;
      return approver ? (open ? [200] : [409]) : [403, 409];
    }
    const waiting = row.status === 'blocked' && !!row.info_requested_by;
    return row.requested_by_id === p.id ? (waiting ? [200] : [409]) : [403, 409];
  }
  const own = row.requester_id === p.id || row.created_by === p.id;
  const allowed = spec.who.some((principal) =>
    principal === 'requester' ? row.requester_id === p.id : principal !== 'approver' && p.roles.includes(principal) && !own,
  );
  const stateOk = spec.from.includes(row.status);
  if (allowed) return stateOk ? [200] : [409];
  return stateOk ? [403] : [403, 409];
}

// ---------------------------------------------------------------------------------------------------
// Fixtures: a record of any type in any reachable state, filed by alice in tenant A (or B).

type Edge = { action: string; to: string; kind: 'chain' | 'decision' | 'desk' };

function edgesFrom(type: RecordType, status: string): Edge[] {
  const edges: Edge[] = [];
  if (type.approvals && status === type.initialStatus) edges.push({ action: 'approve', to: 'approved', kind: 'chain' });
  for (const [action, spec] of Object.entries(type.actions)) {
    if (!spec.from.includes(status)) continue;
    if (spec.decision === 'approve') continue; // the chain edge decides every step
    const to =
      typeof spec.to === 'string'
        ? spec.to
        : spec.to({ record: { id: '', status, created_by: null }, body: {}, caller: undefined as never, now: new Date().toISOString() });
    edges.push({ action, to, kind: spec.decision ? 'decision' : 'desk' });
  }
  return edges;
}

/** The shortest path of actions from the initial status to `target`, through the definition's lifecycle. */
export function pathTo(type: RecordType, target: string): Edge[] {
  const queue: { status: string; path: Edge[] }[] = [{ status: type.initialStatus, path: [] }];
  const seen = new Set([type.initialStatus as string]);
  while (queue.length > 0) {
    const { status, path } = queue.shift()!;
    if (status === target) return path;
    for (const edge of edgesFrom(type, status)) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push({ status: edge.to, path: [...path, edge] });
    }
  }
  throw new Error(`${type.name}: no path to ${target}`);
}

/** Someone of the tenant who may decide the current step of an item (not the requester, not an earlier decider). */
function deciderFor(t: TestTenant, step: StepRow, excluded: Set<string>): PersonKey {
  const order: PersonKey[] = ['bob', 'ivan', 'hana', 'tara', 'ada'];
  const found = order.find((k) => !excluded.has(t.people[k].id) && holds(t.people[k], step));
  return found ?? 'ada';
}

/** Someone who may take a desk action: a holder of one of its roles (not the requester), else the requester. */
function actorFor(t: TestTenant, type: RecordType, action: string): PersonKey {
  const who = type.actions[action].who;
  const order: PersonKey[] = ['ivan', 'hana', 'tara', 'bob', 'ada'];
  const found = order.find((k) => who.some((w) => w !== 'requester' && w !== 'approver' && t.people[k].roles.includes(w as Role)));
  if (found) return found;
  if (who.includes('requester')) return 'alice';
  throw new Error(`${type.name}.${action}: nobody may take it`);
}

async function decideChain(db: Kysely<Database>, t: TestTenant, type: RecordType, id: string, decision: 'approve' | 'reject'): Promise<void> {
  const excluded = new Set([t.people.alice.id]);
  for (let guard = 0; guard < 10; guard += 1) {
    const item = await openApprovalItem(db, t.tenantId, id);
    if (!item) return;
    const steps = await stepsOfItem(db, item.id);
    const step = steps.find((s) => s.step_index === (item.current_step_index ?? 0))!;
    const who = deciderFor(t, step, excluded);
    await performAction(t.ctx(who), pending, item.id, decision, { comment: 'Fixture decision' });
    excluded.add(t.people[who].id);
    if (decision === 'reject') return;
  }
  throw new Error('approval chain did not end');
}

/** A request of `type` filed by alice and moved to `status` through its lifecycle. */
export async function requestIn(db: Kysely<Database>, t: TestTenant, type: RecordType, status: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const created = await createRecord(t.ctx('alice'), type, validBody(resourceOf(type), overrides));
  for (const edge of pathTo(type, status)) {
    if (edge.kind === 'chain') await decideChain(db, t, type, created.id, 'approve');
    else if (edge.kind === 'decision') await decideChain(db, t, type, created.id, 'reject');
    else await performAction(t.ctx(actorFor(t, type, edge.action)), type, created.id, edge.action, HAPPY_BODY);
  }
  const row = await readRow(db, type, created.id);
  expect(row.status, `${type.name} fixture`).toBe(status);
  return row;
}

export type PendingVariant = 'approval-open' | 'approval-decided' | 'task' | 'client' | 'client-completed';
export const PENDING_VARIANTS: readonly PendingVariant[] = ['approval-open', 'approval-decided', 'task', 'client', 'client-completed'];

/** A pending item of tenant t: an engine approval item (open or decided), a desk task, or a client-made item. */
export async function pendingItem(db: Kysely<Database>, t: TestTenant, variant: PendingVariant): Promise<Json> {
  const withApproval = REQUEST_TYPES.find((x) => !!x.approvals)!;
  const withTask = REQUEST_TYPES.find((x) => x.deskTask?.openOn === 'create') ?? REQUEST_TYPES.find((x) => !!x.deskTask)!;
  if (variant === 'approval-open' || variant === 'approval-decided') {
    const record = await requestIn(db, t, withApproval, variant === 'approval-open' ? withApproval.initialStatus : 'approved');
    return (await itemsOfEntity(db, t.tenantId, record.id, 'approval'))[0];
  }
  if (variant === 'task') {
    const record = await requestIn(db, t, withTask, withTask.deskTask!.openOn === 'create' ? withTask.initialStatus : 'approved');
    return (await itemsOfEntity(db, t.tenantId, record.id, 'task'))[0];
  }
  const created = await createRecord(t.ctx('alice'), pending, validBody('pending'));
  if (variant === 'client-completed') await updateRecord(t.ctx('ivan'), pending, created.id, { status: 'completed' });
  return readRow(db, pending, created.id);
}

/** Fixtures shared by the cells that must not change them; a cell that changed one drops it. */
export class FixtureCache {
  private cache = new Map<string, Promise<Json>>();
  constructor(private make: (key: string) => Promise<Json>) {}
  get(key: string): Promise<Json> {
    if (!this.cache.has(key)) this.cache.set(key, this.make(key));
    return this.cache.get(key)!;
  }
  drop(key: string): void {
    this.cache.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------------
// Running one cell: the call, its answer against the contract, and the database before and after.

export function requestFor(type: RecordType, op: Op, id?: string, body?: unknown): { method: string; path: string; body?: unknown } {
  switch (op.op) {
    case 'list':
      return { method: 'GET', path: `${collectionPath(type)}?scope=all&limit=200` };
    case 'create':
      return { method: 'POST', path: collectionPath(type), body };
    case 'get':
      return { method: 'GET', path: itemPath(type, id!) };
    case 'update':
      return { method: 'PATCH', path: itemPath(type, id!), body };
    case 'delete':
      return { method: 'DELETE', path: itemPath(type, id!) };
    case 'action':
      return { method: 'POST', path: itemPath(type, id!, op.action), body };
  }
}

export const describeOp = (op: Op) => (op.op === 'action' ? op.action : op.op === 'create' && op.onBehalf ? 'create on behalf' : op.op);

/** Problem details on every error, never a 5xx. */
export function expectWellFormed(res: ApiResponse, what: string): void {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), `${what}: problem+json`).toContain('application/problem+json');
    expect(res.body, `${what}: problem body`).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
  }
}

/** Calls the API as `who`; asserts the status is one of `allowed`, well-formed, and that refusals wrote nothing. */
export async function attempt(
  w: World,
  who: Who,
  request: { method: string; path: string; body?: unknown },
  allowed: number[],
  what: string,
): Promise<ApiResponse<Json>> {
  const before: Record<string, Snapshot> = await snapshotTenants(w.db, [w.a.tenantId, w.b.tenantId]);
  const res = await api(request.method, request.path, { token: w.tokens[who], body: request.body });
  expectWellFormed(res, what);
  expect(allowed, `${what} answered ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
  if (res.status >= 300) {
    await expectUnchanged(w.db, before, `${what} (answered ${res.status})`);
  } else {
    // A success touches only the caller's own tenant.
    const own = who === 'other-tenant' ? w.b.tenantId : w.a.tenantId;
    const other = own === w.a.tenantId ? w.b.tenantId : w.a.tenantId;
    await expectUnchanged(w.db, { [other]: before[other] }, `${what}: the other tenant`);
    if (res.body && typeof res.body === 'object' && 'tenant_id' in res.body) expect(res.body.tenant_id, what).toBe(own);
  }
  return res;
}
