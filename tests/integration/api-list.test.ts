/** list over REST: every filter (and comma lists), ranges, q, sort, limit bounds and invalid values. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { typeByResource } from '@/lib/operations/registry';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { act, collection, createVia, inDays, RESOURCES, type Json, type Resource } from '../support/records';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

type Row = Record<string, Json>;
const get = async (t: TestTenant, query: string, who: 'ada' | 'alice' = 'ada') =>
  api('GET', `${query}`, { token: await t.token(who) });

/** Two or three records per type with different values, so filters have something to tell apart. */
const VARIANTS: Record<Resource, Record<string, unknown>[]> = {
  'access-requests': [
    { system_id: 'github', access_type: 'new', justification: 'Repo 50%_done access', principal_type: 'person', principal_id: 'grp_1', asset_id: 'ast_1' },
    { system_id: 'aws', access_type: 'modify', justification: 'Staging READ access' },
    { system_id: 'slack', access_type: 'revoke', justification: 'Leaving the channel' },
  ],
  'hr-requests': [
    { type: 'certificate', description: 'Safety TRAINING certificate', deliverable_type: 'digital' },
    { type: 'employment_letter', description: 'Letter for 100%_sure rental', deliverable_type: 'physical' },
    { type: 'other', description: 'Something else' },
  ],
  pending: [
    { type: 'review', source_id: 'src-a', title: 'Quarterly REVIEW', priority: 1, assignee_role: 'it', due_at: inDays(2), entity_type: 'Custom', entity_id: 'ent_1' },
    { type: 'task', source_id: 'src-b', title: 'Check 5%_rates', priority: 3, assignee_role: 'travel', due_at: inDays(9) },
    { type: 'review', source_id: 'src-c', title: 'No due date', priority: 5, assignee_role: 'hr' },
  ],
  equipment: [
    { equipment_type: 'laptop', specification: '32 GB RAM LAPTOP, 1%_ssd', cost: 2400 },
    { equipment_type: 'monitor', specification: '27 inch 4K monitor', cost: 420 },
    { equipment_type: 'phone', specification: 'On-call phone' },
  ],
  travel: [
    { destination: 'Berlin', purpose: 'Customer WORKSHOP 10%_off', departure_at: inDays(10), return_at: inDays(12) },
    { destination: 'London', purpose: 'Partner review', departure_at: inDays(30), return_at: inDays(31) },
    { destination: 'Lisbon', purpose: 'Team offsite', departure_at: inDays(60), return_at: inDays(63) },
  ],
};
const Q: Record<Resource, [search: string, matches: number]> = {
  'access-requests': ['50%_', 0], 'hr-requests': ['100%_', 1], pending: ['5%_r', 1], equipment: ['1%_S', 0], travel: ['10%_', 0],
};

describe.each(RESOURCES)('%s list', (resource) => {
  const type = typeByResource(resource)!;
  let t: TestTenant;
  let rows: Row[];

  beforeAll(async () => {
    t = await createTestTenant(db);
    rows = [];
    for (const variant of VARIANTS[resource]) rows.push(await createVia(t, 'alice', resource, variant));
    if (resource === 'access-requests') await act(t, 'bob', resource, rows[1].id, 'reject', { comment: 'Not needed' });
    if (resource === 'hr-requests') await act(t, 'hana', resource, rows[1].id, 'start');
    // Requests' approval items and tasks are pending items of this tenant too.
  });

  it.each(Object.keys(type.filters))('filters by %s (one value, and a comma list)', async (name) => {
    const all: Row[] = (await get(t, `${collection(resource)}?scope=all&limit=200`)).body.data;
    const values = [...new Set(all.map((r) => r[name]).filter((v) => v !== null && v !== undefined))].map(String);
    if (values.length === 0) {
      const none = await get(t, `${collection(resource)}?scope=all&${name}=${encodeURIComponent(validValue(type.filters[name]))}`);
      expect(none.status).toBe(200);
      return;
    }
    const one = await get(t, `${collection(resource)}?scope=all&limit=200&${name}=${encodeURIComponent(values[0])}`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.data.length).toBe(all.filter((r) => String(r[name]) === values[0]).length);
    for (const r of one.body.data) expect(String(r[name])).toBe(values[0]);
    if (values.length > 1) {
      const pair = values.slice(0, 2);
      const many = await get(t, `${collection(resource)}?scope=all&limit=200&${name}=${pair.map(encodeURIComponent).join(',')}`);
      expect(many.body.data.length).toBe(all.filter((r) => pair.includes(String(r[name]))).length);
      expect(many.body.data.length).toBeGreaterThan(one.body.data.length);
    }
  });

  it('combines filters with AND and answers an empty page when nothing matches', async () => {
    const first = rows[0];
    const status = first.status;
    const res = await get(t, `${collection(resource)}?scope=all&status=${status}&created_by=${t.people.alice.id}&limit=200`);
    expect(res.body.data.every((r: Row) => r.status === status && r.created_by === t.people.alice.id)).toBe(true);
    const none = await get(t, `${collection(resource)}?scope=all&created_by=${t.people.tara.id}`);
    expect(none.body).toEqual({ data: [], next_cursor: null });
  });

  it('refuses unknown filter values, bad dates, bad sorts and bad cursors with 422 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['status=bogus', 'status'],
      [`status=${type.initialStatus},bogus`, 'status'],
      ['created_from=yesterday', 'created_from'],
      ['created_to=2026-13-45', 'created_to'],
      ['sort=title', 'sort'],
      ['sort=-nonsense', 'sort'],
      ['cursor=not-a-cursor', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['include_deleted=yes', 'include_deleted'],
    ];
    for (const [query, path] of cases) {
      const res = await get(t, `${collection(resource)}?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path), query).toContain(path);
    }
  });

  it('accepts limit 1 and 200', async () => {
    const one = await get(t, `${collection(resource)}?scope=all&limit=1`);
    expect(one.body.data).toHaveLength(1);
    expect(typeof one.body.next_cursor).toBe('string');
    expect((await get(t, `${collection(resource)}?limit=200`)).status).toBe(200);
  });

  it('searches the text fields case-insensitively with q, treating % and _ literally', async () => {
    const [search, index] = Q[resource];
    const res = await get(t, `${collection(resource)}?scope=all&q=${encodeURIComponent(search)}&limit=200`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: Row) => r.id)).toEqual([rows[index].id]);
    const upper = await get(t, `${collection(resource)}?scope=all&q=${encodeURIComponent(search.toUpperCase())}&limit=200`);
    expect(upper.body.data.map((r: Row) => r.id)).toEqual([rows[index].id]);
    expect((await get(t, `${collection(resource)}?scope=all&q=%25`)).body.data.length).toBeGreaterThan(0);
    expect((await get(t, `${collection(resource)}?scope=all&q=zzzz-nothing`)).body.data).toEqual([]);
  });

  it('filters by the created range, inclusive, with dates or date-times', async () => {
    const first = rows[0];
    const after = await get(t, `${collection(resource)}?scope=all&limit=200&created_from=${encodeURIComponent(first.created_at)}`);
    expect(after.body.data.map((r: Row) => r.id)).toContain(first.id);
    expect(after.body.data.every((r: Row) => r.created_at >= first.created_at)).toBe(true);
    const before = await get(t, `${collection(resource)}?scope=all&limit=200&created_to=${encodeURIComponent(first.created_at)}`);
    expect(before.body.data.map((r: Row) => r.id)).toContain(first.id);
    expect(before.body.data.every((r: Row) => r.created_at <= first.created_at)).toBe(true);
    const today = first.created_at.slice(0, 10);
    const day = await get(t, `${collection(resource)}?scope=all&limit=200&created_from=${today}&created_to=${today}`);
    expect(day.body.data.map((r: Row) => r.id)).toContain(first.id);
    const future = await get(t, `${collection(resource)}?scope=all&created_from=2999-01-01`);
    expect(future.body.data).toEqual([]);
  });

  it.each(type.sorts.flatMap((s) => [s, `-${s}`]))('sorts by %s with ties broken by id', async (sort) => {
    const res = await get(t, `${collection(resource)}?scope=all&limit=200&sort=${sort}`);
    expect(res.status).toBe(200);
    const field = sort.replace(/^-/, '');
    const desc = sort.startsWith('-');
    const data: Row[] = res.body.data;
    for (let i = 1; i < data.length; i += 1) {
      const a = data[i - 1], b = data[i];
      const cmp = compare(a[field], b[field], desc) || (a.id < b.id ? -1 : 1) * (desc ? -1 : 1);
      expect(cmp, `${sort} at ${i}`).toBeLessThan(0);
    }
  });
});

/** PostgreSQL's order: nulls last ascending, first descending. -1 when a comes before b. */
function compare(a: unknown, b: unknown, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return desc ? -1 : 1;
  if (b === null) return desc ? 1 : -1;
  const lt = (a as number | string) < (b as number | string);
  return (lt ? -1 : 1) * (desc ? -1 : 1);
}

function validValue(schema: unknown): string {
  const options = (schema as { options?: string[] }).options;
  return options?.[0] ?? '1';
}

describe('page size', () => {
  it('defaults to 50', async () => {
    const t = await createTestTenant(db);
    for (let i = 0; i < 52; i += 1) await createVia(t, 'tara', 'pending', VARIANTS.pending[2]);
    const page = await api('GET', collection('pending'), { token: await t.token('tara') });
    expect(page.body.data).toHaveLength(50);
    expect(page.body.next_cursor).not.toBeNull();
    const rest = await api('GET', `${collection('pending')}?cursor=${page.body.next_cursor}`, { token: await t.token('tara') });
    expect(rest.body.data).toHaveLength(2);
    expect(rest.body.next_cursor).toBeNull();
  });
});

describe('range filters of their own', () => {
  it('travel: departure_from / departure_to', async () => {
    const t = await createTestTenant(db);
    const near = await createVia(t, 'alice', 'travel', { departure_at: inDays(5), return_at: inDays(6) });
    const far = await createVia(t, 'alice', 'travel', { departure_at: inDays(50), return_at: inDays(52) });
    const soon = await get(t, `/api/v1/operations/travel?scope=all&departure_to=${encodeURIComponent(inDays(10))}`);
    expect(soon.body.data.map((r: Row) => r.id)).toEqual([near.id]);
    const later = await get(t, `/api/v1/operations/travel?scope=all&departure_from=${inDays(10).slice(0, 10)}`);
    expect(later.body.data.map((r: Row) => r.id)).toEqual([far.id]);
    expect((await get(t, '/api/v1/operations/travel?departure_from=soon')).status).toBe(422);
  });

  it('pending: due_from / due_to, and priority filters', async () => {
    const t = await createTestTenant(db);
    const a = await createVia(t, 'alice', 'pending', { due_at: inDays(1), priority: 1 });
    const b = await createVia(t, 'alice', 'pending', { due_at: inDays(20), priority: 4 });
    const due = await get(t, `/api/v1/operations/pending?scope=all&due_to=${encodeURIComponent(inDays(5))}`);
    expect(due.body.data.map((r: Row) => r.id)).toEqual([a.id]);
    const from = await get(t, `/api/v1/operations/pending?scope=all&due_from=${encodeURIComponent(inDays(5))}`);
    expect(from.body.data.map((r: Row) => r.id)).toEqual([b.id]);
    expect((await get(t, '/api/v1/operations/pending?scope=all&priority=1,4')).body.data).toHaveLength(2);
    expect((await get(t, '/api/v1/operations/pending?priority=9')).status).toBe(422);
    expect((await get(t, '/api/v1/operations/pending?priority=high')).status).toBe(422);
  });
});
