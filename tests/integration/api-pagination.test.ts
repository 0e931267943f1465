/** Keyset pagination over REST: no gaps and no repeats across pages, even while rows are inserted. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { collection, createVia, inDays, type Json, type Resource } from '../support/records';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

/** Walks every page of a list, calling `between` after each page; returns the ids in order. */
async function walk(t: TestTenant, resource: Resource, query: string, between?: (page: number) => Promise<void>): Promise<Json[]> {
  const token = await t.token('ada');
  const seen: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const url: string = `${collection(resource)}?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api('GET', url, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.data);
    cursor = res.body.next_cursor;
    if (!cursor) return seen;
    await between?.(page);
  }
  throw new Error('pagination did not end');
}

const idsOf = (rows: Json[]) => rows.map((r) => r.id as string);

describe('keyset pagination', () => {
  it('-created_at: the original rows exactly once each, in order, while newer rows arrive', async () => {
    const t = await createTestTenant(db);
    const original: string[] = [];
    for (let i = 0; i < 10; i += 1) original.push((await createVia(t, 'ada', 'hr-requests')).id);
    const inserted: string[] = [];
    const rows = await walk(t, 'hr-requests', 'limit=3', async () => {
      inserted.push((await createVia(t, 'ada', 'hr-requests')).id, (await createVia(t, 'ada', 'hr-requests')).id);
    });
    const ids = idsOf(rows);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...original].reverse());
    expect(inserted.length).toBeGreaterThan(0);
  });

  it('created_at ascending: no gaps, no repeats, and the rows inserted meanwhile come at the end', async () => {
    const t = await createTestTenant(db);
    const original: string[] = [];
    for (let i = 0; i < 8; i += 1) original.push((await createVia(t, 'ada', 'equipment')).id);
    const inserted: string[] = [];
    const rows = await walk(t, 'equipment', 'sort=created_at&limit=3', async (page) => {
      if (page < 3) inserted.push((await createVia(t, 'ada', 'equipment')).id);
    });
    const ids = idsOf(rows);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...original, ...inserted]);
  });

  it.each(['priority', '-priority', 'due_at', '-due_at', 'updated_at'])(
    'pending sort=%s with ties and nulls pages exactly like one big page, while rows arrive',
    async (sort) => {
      const t = await createTestTenant(db);
      for (let i = 0; i < 14; i += 1) {
        await createVia(t, 'ada', 'pending', {
          priority: i % 4 === 3 ? null : (i % 3) + 1,
          due_at: i % 5 === 0 ? null : inDays(1 + (i % 3)),
          assignee_role: 'admin',
        });
      }
      const full = idsOf((await api('GET', `${collection('pending')}?scope=all&limit=200&sort=${sort}`, { token: await t.token('ada') })).body.data);
      const rows = await walk(t, 'pending', `scope=all&limit=2&sort=${sort}`, async (page) => {
        if (page % 2 === 0) {
          await createVia(t, 'ada', 'pending', { priority: 2, due_at: inDays(2), assignee_role: 'admin' });
          await createVia(t, 'ada', 'pending', { priority: null, due_at: null, assignee_role: 'admin' });
        }
      });
      const ids = idsOf(rows);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of full) expect(ids).toContain(id);
      // The originals keep their relative order.
      expect(ids.filter((id) => full.includes(id))).toEqual(full);
    },
  );

  it('travel by departure_at pages in order with no repeats', async () => {
    const t = await createTestTenant(db);
    for (let i = 0; i < 7; i += 1) await createVia(t, 'ada', 'travel', { departure_at: inDays(10 + (i % 3)), return_at: inDays(20) });
    const rows = await walk(t, 'travel', 'limit=2&sort=departure_at');
    expect(rows).toHaveLength(7);
    expect(new Set(idsOf(rows)).size).toBe(7);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i - 1].departure_at <= rows[i].departure_at).toBe(true);
  });
});

describe('cursors', () => {
  let t: TestTenant;
  let cursor: string;

  beforeAll(async () => {
    t = await createTestTenant(db);
    for (let i = 0; i < 3; i += 1) await createVia(t, 'ada', 'pending', { assignee_role: 'admin' });
    cursor = (await api('GET', `${collection('pending')}?scope=all&limit=1`, { token: await t.token('ada') })).body.next_cursor;
    expect(typeof cursor).toBe('string');
  });

  it('the last page has next_cursor null', async () => {
    const res = await api('GET', `${collection('pending')}?scope=all&limit=3`, { token: await t.token('ada') });
    expect(res.body.data).toHaveLength(3);
    expect(res.body.next_cursor).toBeNull();
  });

  it('a cursor of another sort is a 422, not a wrong page', async () => {
    const res = await api('GET', `${collection('pending')}?scope=all&sort=created_at&cursor=${cursor}`, { token: await t.token('ada') });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'cursor' }));
  });

  it.each([
    ['-created_at', 'not a date'],
    ['-created_at', { nested: true }],
    ['priority', 'high'],
    ['-due_at', 12],
    ['-created_at', ['2026-01-01T00:00:00Z']],
  ])('a forged cursor (sort %s, value %j) is a 422, never a 500', async (sort, v) => {
    const forged = Buffer.from(JSON.stringify({ s: sort, v, id: 'pnd_x' })).toString('base64url');
    const res = await api('GET', `${collection('pending')}?scope=all&sort=${sort}&cursor=${forged}`, { token: await t.token('ada') });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
