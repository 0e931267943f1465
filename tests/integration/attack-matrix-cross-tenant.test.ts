/**
 * Tenant B's ids in tenant A's hands, on every path: REST path ids (get, update, delete, every action, of
 * every type and pending variant), ids in bodies (requester, assignee, requested-by, an approval item's
 * entity), list filters on every id-like field, `q`, and cursors. Each answers exactly as an id that does
 * not exist, and neither tenant's rows change (owner-connection snapshots around every call).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { validBody } from '../support/records';
import {
  attempt,
  collectionPath,
  createWorld,
  HAPPY_BODY,
  itemPath,
  pendingItem,
  PENDING_VARIANTS,
  PERSONS,
  requestIn,
  REQUEST_TYPES,
  resourceOf,
  type Who,
  type World,
} from '../support/attack';
import { ALL_TYPES } from '../support/attack';
import type { RecordType } from '@/lib/operations/define';
import { pending } from '@/lib/operations/registry';
import type { Json } from '../support/records';

let w: World;
/** Tenant B's fixtures per type: requests in their initial and a later state, every pending variant. */
const foreign = new Map<string, Json[]>();
const own = new Map<string, Json[]>();
const GHOST_PERSON = 'per_01JD3M4V6X8Q9R2S3T4V5W6X7Y';
const ghostId = (type: RecordType) => `${type.prefix}_01JD3M4V6X8Q9R2S3T4V5W6X7Y`;
const A_CALLERS: readonly Who[] = [...PERSONS, 'key'];

beforeAll(async () => {
  w = await createWorld();
  for (const type of REQUEST_TYPES) {
    const later = type.statuses.find((s) => s !== type.initialStatus)!;
    foreign.set(type.resource, [await requestIn(w.db, w.b, type, type.initialStatus), await requestIn(w.db, w.b, type, later)]);
    own.set(type.resource, [await requestIn(w.db, w.a, type, type.initialStatus)]);
  }
  const items: Json[] = [];
  for (const variant of PENDING_VARIANTS) items.push(await pendingItem(w.db, w.b, variant));
  foreign.set('pending', items);
  own.set('pending', [await pendingItem(w.db, w.a, 'client'), await pendingItem(w.db, w.a, 'approval-open')]);
});

describe.each(ALL_TYPES.map((t) => [t.resource, t] as const))('%s: ids of tenant B on the paths of tenant A', (_name, type) => {
  it.each(A_CALLERS)('as %s, every operation on every B record answers 404, as for an id that does not exist', async (who) => {
    const ops: { method: string; suffix?: string; body?: unknown }[] = [
      { method: 'GET' },
      { method: 'PATCH', body: { [type.summaryField]: 'Cross-tenant edit' } },
      { method: 'DELETE' },
      ...Object.keys(type.actions).map((action) => ({ method: 'POST', suffix: action, body: HAPPY_BODY })),
    ];
    for (const record of foreign.get(type.resource)!) {
      for (const op of ops) {
        const what = `${who} ${op.method} ${op.suffix ?? ''} B's ${record.id}`;
        const res = await attempt(w, who, { method: op.method, path: itemPath(type, record.id, op.suffix), body: op.body }, [404], what);
        const ghost = await api(op.method, itemPath(type, ghostId(type), op.suffix), { token: w.tokens[who], body: op.body });
        expect(res.body.detail, `${what}: the same answer as for no such id`).toBe(ghost.body.detail);
      }
    }
  });

  it('filters on every id-like field with B\'s values, and q with B\'s text, find nothing of B', async () => {
    const bRows = foreign.get(type.resource)!;
    const bIds = new Set(bRows.map((r) => r.id));
    for (const who of A_CALLERS) {
      for (const name of Object.keys(type.filters)) {
        const values = [...new Set(bRows.map((r) => r[name]).filter((v) => typeof v === 'string'))];
        for (const value of values) {
          const res = await attempt(w, who, { method: 'GET', path: `${collectionPath(type)}?scope=all&${name}=${encodeURIComponent(value)}` }, [200], `${who} ${name}=${value}`);
          for (const row of res.body.data) {
            expect(row.tenant_id).toBe(w.a.tenantId);
            expect(bIds.has(row.id)).toBe(false);
          }
          if (/_id$|_by$/.test(name) && value.includes('_')) expect(res.body.data, `${who} ${name}=${value}`).toEqual([]);
        }
      }
      const marker = String(bRows[0][type.summaryField] ?? bRows[0].title);
      const found = await attempt(w, who, { method: 'GET', path: `${collectionPath(type)}?scope=all&q=${encodeURIComponent(marker.slice(0, 40))}` }, [200], `${who} q`);
      for (const row of found.body.data) expect(row.tenant_id).toBe(w.a.tenantId);
    }
  });

  it("a cursor of B's list, in A's list, pages only A's rows (or is refused)", async () => {
    for (const sort of ['-created_at', 'created_at', '-updated_at']) {
      const page = await api('GET', `${collectionPath(type)}?scope=all&limit=1&sort=${sort}`, { token: w.tokens['other-tenant'] });
      expect(page.status).toBe(200);
      if (!page.body.next_cursor) continue;
      for (const who of A_CALLERS) {
        const res = await attempt(w, who, { method: 'GET', path: `${collectionPath(type)}?scope=all&sort=${sort}&cursor=${page.body.next_cursor}` }, [200, 422], `${who} B's cursor`);
        for (const row of res.body.data ?? []) expect(row.tenant_id).toBe(w.a.tenantId);
      }
    }
  });
});

describe('ids of tenant B in the bodies of tenant A', () => {
  it.each(REQUEST_TYPES.map((t) => [t.resource, t] as const))('%s: filing for B\'s person is the 422 of an unknown person; moving a request to them too', async (_name, type) => {
    const bAlice = w.b.people.alice.id;
    const res = await attempt(w, 'ada', { method: 'POST', path: collectionPath(type), body: validBody(resourceOf(type), { requester_id: bAlice }) }, [422], 'ada files for B');
    const ghost = await api('POST', collectionPath(type), { token: w.tokens.ada, body: validBody(resourceOf(type), { requester_id: GHOST_PERSON }) });
    expect(res.body.errors).toEqual(ghost.body.errors);
    await attempt(w, 'alice', { method: 'POST', path: collectionPath(type), body: validBody(resourceOf(type), { requester_id: bAlice }) }, [403, 422], 'alice files for B');
    const mine = own.get(type.resource)![0];
    await attempt(w, 'ada', { method: 'PATCH', path: itemPath(type, mine.id), body: { requester_id: bAlice } }, [422], 'ada moves a request to B');
    await attempt(w, 'alice', { method: 'PATCH', path: itemPath(type, mine.id), body: { requester_id: bAlice } }, [403, 422], 'alice moves a request to B');
  });

  it('pending: B\'s people as assignee or requested-by, and B\'s records as an approval item\'s entity, are refused (422)', async () => {
    const bBob = w.b.people.bob.id;
    for (const who of ['alice', 'ada', 'ivan'] as const) {
      await attempt(w, who, { method: 'POST', path: collectionPath(pending), body: validBody('pending', { assignee_id: bBob, assignee_role: null }) }, [422], `${who} assigns to B`);
      await attempt(w, who, { method: 'POST', path: collectionPath(pending), body: validBody('pending', { requested_by_id: w.b.people.alice.id }) }, who === 'ada' ? [422] : [403, 422], `${who} requested-by B`);
      for (const type of REQUEST_TYPES) {
        const target = foreign.get(type.resource)![0];
        const body = validBody('pending', { type: 'approval', entity_type: type.name, entity_id: target.id, source_id: target.id });
        await attempt(w, who, { method: 'POST', path: collectionPath(pending), body }, [422], `${who} approval item over B's ${target.id}`);
      }
    }
    const [client, approval] = own.get('pending')!;
    await attempt(w, 'ada', { method: 'PATCH', path: itemPath(pending, client.id), body: { assignee_id: bBob } }, [422], 'ada reassigns a client item to B');
    await attempt(w, 'ada', { method: 'PATCH', path: itemPath(pending, approval.id), body: { assignee_id: bBob } }, [422], 'ada reassigns an approval step to B');
    await attempt(w, 'bob', { method: 'PATCH', path: itemPath(pending, approval.id), body: { assignee_id: bBob } }, [422, 403], 'the approver hands the step to B');
  });
});
