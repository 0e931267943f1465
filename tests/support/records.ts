/**
 * Small helpers for the REST API integration tests: a valid create body per resource, creating records
 * through the API, finding a record's approval item, moving a record to approved, and reading the audit
 * log and integration keys straight from the database.
 */
import { expect } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { api } from './api';
import type { PersonKey, TestTenant } from './tenant';

export type Resource = 'access-requests' | 'hr-requests' | 'pending' | 'equipment' | 'travel';

export const RESOURCES: readonly Resource[] = ['access-requests', 'hr-requests', 'pending', 'equipment', 'travel'];

/** The four request types (pending items follow their own rules). */
export const REQUEST_RESOURCES: readonly Resource[] = ['access-requests', 'hr-requests', 'equipment', 'travel'];

export const PREFIX: Record<Resource, string> = {
  'access-requests': 'acr_',
  'hr-requests': 'hrr_',
  pending: 'pnd_',
  equipment: 'eqp_',
  travel: 'trv_',
};

export const INITIAL: Record<Resource, string> = {
  'access-requests': 'pending',
  'hr-requests': 'pending',
  pending: 'queued',
  equipment: 'requested',
  travel: 'requested',
};

/** A free-text field of each type that its owner may PATCH, and that `q` searches. */
export const TEXT_FIELD: Record<Resource, string> = {
  'access-requests': 'justification',
  'hr-requests': 'description',
  pending: 'title',
  equipment: 'specification',
  travel: 'purpose',
};

export const ENTITY_TYPE: Record<Resource, string> = {
  'access-requests': 'AccessRequest',
  'hr-requests': 'HRRequest',
  pending: 'Pending',
  equipment: 'Equipment',
  travel: 'Travel',
};

const DAY = 24 * 60 * 60 * 1000;
export const inDays = (days: number, hour = 9): string => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** A valid create body of each resource (no requester: it defaults to the caller). */
export function validBody(resource: Resource, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<Resource, Record<string, unknown>> = {
    'access-requests': { system_id: 'github', access_type: 'new', justification: 'Push access for the checkout work.' },
    'hr-requests': { type: 'certificate', description: 'Certificate of the completed safety training.' },
    pending: { type: 'review', source_id: 'quarterly-review', title: 'Quarterly access review', priority: 3, assignee_role: 'it' },
    equipment: { equipment_type: 'laptop', specification: '14 inch laptop, 32 GB RAM.', cost: 1200 },
    travel: { purpose: 'Customer workshop', destination: 'Berlin', departure_at: inDays(20), return_at: inDays(22, 18), estimated_cost: 900 },
  };
  return { ...base[resource], ...overrides };
}

export const collection = (resource: Resource) => `/api/v1/operations/${resource}`;
export const item = (resource: Resource, id: string, action?: string) =>
  `/api/v1/operations/${resource}/${id}${action ? `/${action}` : ''}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Files a record through the API as `who` and returns it (asserting 201). */
export async function createVia(t: TestTenant, who: PersonKey, resource: Resource, overrides: Record<string, unknown> = {}): Promise<Json> {
  const res = await api('POST', collection(resource), { token: await t.token(who), body: validBody(resource, overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Calls an action through the API and asserts the status (200 by default); returns the body. */
export async function act(
  t: TestTenant,
  who: PersonKey,
  resource: Resource,
  id: string,
  action: string,
  body: unknown = {},
  expected = 200,
): Promise<Json> {
  const res = await api('POST', item(resource, id, action), { token: await t.token(who), body });
  expect(res.status, `${who} ${action} ${resource}: ${JSON.stringify(res.body)}`).toBe(expected);
  return res.body;
}

/** The open approval item of a record. */
export async function approvalItemOf(db: Kysely<Database>, t: TestTenant, entityId: string) {
  return tenantDb(db, t.tenantId)
    .selectFrom('pending_items')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('type', '=', 'approval')
    .executeTakeFirstOrThrow();
}

/** The desk task of a record, if any. */
export async function taskOf(db: Kysely<Database>, t: TestTenant, entityId: string) {
  return tenantDb(db, t.tenantId)
    .selectFrom('pending_items')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('type', '=', 'task')
    .executeTakeFirst();
}

/** Moves a request filed by alice to approved: bob (her manager), then ivan for the IT step of access requests. */
export async function approveAll(db: Kysely<Database>, t: TestTenant, resource: Resource, id: string): Promise<Json> {
  if (resource === 'access-requests') {
    await act(t, 'bob', resource, id, 'approve', { comment: 'ok' });
    return act(t, 'ivan', resource, id, 'approve');
  }
  const pending = await approvalItemOf(db, t, id);
  await act(t, 'bob', 'pending', pending.id, 'approve', { comment: 'ok' });
  const res = await api('GET', item(resource, id), { token: await t.token('ada') });
  expect(res.body.status).toBe('approved');
  return res.body;
}

/** The audit events of one record, oldest first. */
export async function auditOf(db: Kysely<Database>, t: TestTenant, entityId: string) {
  return tenantDb(db, t.tenantId)
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countRows(db: Kysely<Database>, t: TestTenant, table: 'access_requests' | 'hr_requests' | 'pending_items' | 'equipment_requests' | 'travel_requests' | 'audit_events') {
  const row = await tenantDb(db, t.tenantId)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const TABLE: Record<Resource, 'access_requests' | 'hr_requests' | 'pending_items' | 'equipment_requests' | 'travel_requests'> = {
  'access-requests': 'access_requests',
  'hr-requests': 'hr_requests',
  pending: 'pending_items',
  equipment: 'equipment_requests',
  travel: 'travel_requests',
};

/** An application with one integration key for `who`, and a bearer token for that key. */
export async function integrationToken(
  db: Kysely<Database>,
  t: TestTenant,
  who: PersonKey,
  options: { appId?: string; keyId?: string; revoked?: boolean; roles?: Role[] } = {},
): Promise<{ token: string; appId: string; keyId: string }> {
  const suffix = Math.random().toString(36).slice(2, 10).toUpperCase();
  const appId = options.appId ?? `app_${suffix}`;
  const keyId = options.keyId ?? `key_${suffix}`;
  const tdb = tenantDb(db, t.tenantId);
  const exists = await tdb.selectFrom('applications').select('id').where('id', '=', appId).executeTakeFirst();
  if (!exists) {
    await tdb.insertInto('applications', { id: appId, name: `App ${suffix}`, created_by: t.people.ada.id }).execute();
  }
  await tdb
    .insertInto('integration_keys', {
      id: keyId,
      app_id: appId,
      person_id: t.people[who].id,
      roles: options.roles ?? t.people[who].roles,
      label: 'test key',
      created_by: t.people.ada.id,
      expires_at: new Date(Date.now() + DAY).toISOString(),
      revoked_at: options.revoked ? new Date().toISOString() : null,
    })
    .execute();
  return { token: await t.token(who, { appId, jti: keyId }), appId, keyId };
}
